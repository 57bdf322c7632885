// managedFields tracking and server-side apply, as kube-apiserver's fieldmanager.
export { serverSideApply, type ServerSideApplyInput, type ServerSideApplyResult } from './apply.js';
export { updateManagedFields, type UpdateManagedFieldsInput } from './update.js';
export { FieldSet, type FieldsV1 } from './fieldpath.js';
export { toFieldSet } from './tofieldset.js';
export {
  deserializePathElement,
  fieldElement,
  indexElement,
  keyElement,
  pathToString,
  serializePathElement,
  valueElement,
  type Path,
  type PathElement,
} from './pathelement.js';
