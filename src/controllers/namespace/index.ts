// The namespace controller: empties namespaces being deleted, then releases them.

export { namespaceController } from './controller.js';
