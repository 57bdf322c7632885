export { KubeletServer, type KubeletServerOptions } from './server.js';
