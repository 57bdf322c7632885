// RFC 7386 JSON Merge Patch as the API server applies it (evanphx/json-patch v4 MergePatch):
// objects merge key by key, `null` deletes, anything else (arrays included) replaces.
// Nulls inside newly added objects are dropped, since they could only mean "absent".

import { deepCopy, isPlainObject } from '../deep.js';
import { badRequest } from '../status.js';
import { patchInternal } from './errors.js';

type Obj = Record<string, unknown>;

/** Applies `patch` (the decoded request body) to a copy of `original`. */
export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(original)) {
    // The server only patches objects; upstream fails like this on anything else.
    throw patchInternal('Invalid JSON Document');
  }
  if (isPlainObject(patch)) return mergeObjects(deepCopy(original), deepCopy(patch));
  if (Array.isArray(patch)) return pruneNulls(deepCopy(patch));
  throw badRequest('Invalid JSON Patch');
}

function mergeObjects(doc: Obj, patch: Obj): Obj {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
    } else if (doc[k] === undefined || doc[k] === null) {
      doc[k] = pruneNulls(v);
    } else {
      doc[k] = mergeValue(doc[k], v);
    }
  }
  return doc;
}

function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isPlainObject(current)) return pruneNulls(patch);
  // Upstream returns a non-object patch value as is, without pruning.
  if (!isPlainObject(patch)) return patch;
  return mergeObjects(current, patch);
}

/** Removes null members of objects, recursively; null array elements stay. */
function pruneNulls<T>(v: T): T {
  if (Array.isArray(v)) {
    v.forEach((item) => item !== null && pruneNulls(item));
  } else if (isPlainObject(v)) {
    for (const [k, item] of Object.entries(v)) {
      if (item === null) delete v[k];
      else pruneNulls(item);
    }
  }
  return v;
}
