// Public surface of the machinery layer: generic object plumbing every other layer shares.

export * from './status.js';
export * from './deep.js';
export * from './schema-node.js';
export * from './labels.js';
export * from './fields.js';
export * from './quantity.js';
export * from './intorstr.js';
export * from './time.js';
export * from './log.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './patch/json-patch.js';
export { applyMergePatch } from './patch/merge-patch.js';
export { applyStrategicMergePatch } from './patch/strategic-merge.js';
