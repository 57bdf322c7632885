// Public surface of the kubelet's container environment (upstream's makeEnvironmentVariables
// and its helpers); the downward API helpers are shared with the volume plugins.

export { containerEnv, type EnvSources } from './container-env.js';
export { ContainerConfigError } from './errors.js';
export { expand, expandAll, mappingFor } from './expansion.js';
export { serviceEnv, visibleServices } from './service-links.js';
export { formatMap, metadataFieldValue, podFieldValue, podIPsOf, type RuntimeIPs } from './field-path.js';
export { findContainer, resourceFieldValue, type AllocatableSource, type ResourceFieldRef } from './resource-field.js';
export { configMapEntries, getConfigMap, getSecret, nodeAllocatable, secretEntries } from './api-objects.js';
