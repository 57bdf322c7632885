// The service account controller: a `default` ServiceAccount in every active namespace.

export { serviceAccountController } from './controller.js';
