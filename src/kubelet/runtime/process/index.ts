// Public surface of the built-in `process` runtime (host processes as containers).

export { createProcessRuntime, ProcessRuntime, RUNTIME_VERSION } from './runtime.js';
export type { ProcessRuntimeOptions } from './options.js';
export { imageStoreIn, type ImageStore } from './images.js';
