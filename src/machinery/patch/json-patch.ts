// RFC 6902 JSON Patch with RFC 6901 pointers, behaving as the library the API server uses
// (evanphx/json-patch v4): `-` appends, negative array indexes count from the end, `replace`
// of a missing object key adds it, a `null` value counts as missing when navigating, and
// error texts match. A malformed patch is a 400; an operation that cannot apply is a 422.

import { deepCopy, deepEqual, isPlainObject } from '../deep.js';
import { badRequest, tooLarge } from '../status.js';
import { jsonKindName, patchUnprocessable } from './errors.js';

/** The API server refuses longer patches (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Operation = Record<string, unknown>;
type Container = Record<string, unknown> | unknown[];

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** A failed operation; the message is the library's. */
class OpError extends Error {}

/** Applies `patch` (the decoded request body) to a copy of `doc` and returns the result. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const ops = decodePatch(patch);
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
  const root = { doc: deepCopy(doc) as Container };
  try {
    for (const op of ops) applyOperation(root, op);
  } catch (e) {
    if (e instanceof OpError) throw patchUnprocessable(e.message);
    throw e;
  }
  return root.doc;
}

function decodePatch(patch: unknown): Operation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw badRequest(`json: cannot unmarshal ${jsonKindName(patch)} into Go value of type jsonpatch.Patch`);
  return patch.map((op) => {
    if (op === null) return {};
    if (!isPlainObject(op)) throw badRequest(`json: cannot unmarshal ${jsonKindName(op)} into Go value of type jsonpatch.Operation`);
    return op;
  });
}

function applyOperation(root: { doc: Container }, op: Operation): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add': {
      const path = stringField(op, 'path', 'operation missing path field', () => `add operation failed to decode path: ${MISSING}`);
      const target = findContainer(root.doc, path);
      if (!target) throw new OpError(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      wrap(`error in add for path: '${path}'`, () => add(target.con, target.key, opValue(op)));
      return;
    }
    case 'remove': {
      const path = stringField(op, 'path', 'operation missing path field', () => `remove operation failed to decode path: ${MISSING}`);
      const target = findContainer(root.doc, path);
      if (!target) throw new OpError(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      wrap(`error in remove for path: '${path}'`, () => remove(target.con, target.key));
      return;
    }
    case 'replace': {
      const path = stringField(op, 'path', 'operation missing path field', (e) => `replace operation failed to decode path: ${e}`);
      if (path === '') {
        const value = opValue(op);
        // Go formats a nil error with %w as below.
        if (!Array.isArray(value) && !isPlainObject(value)) throw new OpError('replace operation value must be object or array: %!w(<nil>)');
        root.doc = value;
        return;
      }
      const target = findContainer(root.doc, path);
      if (!target) throw new OpError(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
      if (Array.isArray(target.con)) {
        try {
          arrayIndex(target.con, target.key);
        } catch {
          throw new OpError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
        }
      }
      set(target.con, target.key, opValue(op));
      return;
    }
    case 'move': {
      const from = stringField(op, 'from', 'operation, missing from field', (e) => `move operation failed to decode from: ${e}`);
      const source = findContainer(root.doc, from);
      if (!source) throw new OpError(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      const value = wrap(`error in move for path: '${source.key}'`, () => get(source.con, source.key));
      wrap(`error in move for path: '${source.key}'`, () => remove(source.con, source.key));
      const path = stringField(op, 'path', 'operation missing path field', (e) => `move operation failed to decode path: ${e}`);
      const target = findContainer(root.doc, path);
      if (!target) throw new OpError(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      wrap(`error in move for path: '${path}'`, () => add(target.con, target.key, value ?? null));
      return;
    }
    case 'copy': {
      const from = stringField(op, 'from', 'operation, missing from field', (e) => `copy operation failed to decode from: ${e}`);
      const source = findContainer(root.doc, from);
      if (!source) throw new OpError(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      const value = wrap(`error in copy for from: '${from}'`, () => get(source.con, source.key));
      const path = stringField(op, 'path', 'operation missing path field', () => `copy operation failed to decode path: ${MISSING}`);
      const target = findContainer(root.doc, path);
      if (!target) throw new OpError(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      wrap('error while adding value during copy', () => add(target.con, target.key, deepCopy(value ?? null)));
      return;
    }
    case 'test': {
      const path = stringField(op, 'path', 'operation missing path field', (e) => `test operation failed to decode path: ${e}`);
      const expected = opValue(op);
      let actual: unknown;
      if (path === '') {
        actual = root.doc;
      } else {
        const target = findContainer(root.doc, path);
        if (!target) throw new OpError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
        actual = wrap(`error in test for path: '${path}'`, () => get(target.con, target.key)) ?? null;
      }
      if (!deepEqual(actual, expected)) throw new OpError(`testing value ${path} failed: test failed`);
      return;
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

/**
 * Reads `path` or `from`. A missing (or null) field and a non-string one fail differently,
 * and each operation words the failure its own way (`describe` gets the underlying text).
 */
function stringField(op: Operation, name: string, missing: string, describe: (err: string) => string): string {
  const v = op[name];
  if (v === undefined || v === null) throw new OpError(describe(`${missing}: ${MISSING}`));
  if (typeof v !== 'string') throw new OpError(describe(`json: cannot unmarshal ${jsonKindName(v)} into Go value of type string`));
  return v;
}

/** The operation's value; an absent value is null, as the library stores a nil node. */
function opValue(op: Operation): unknown {
  return op.value === undefined ? null : deepCopy(op.value);
}

function wrap<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new OpError(`${prefix}: ${(e as Error).message}`);
  }
}

const decodeToken = (t: string) => t.replace(/~1|~0/g, (m) => (m === '~1' ? '/' : '~'));

/**
 * The container holding the pointer's last token, or undefined when any step on the way is
 * missing, null, a scalar or a bad index. Pointers without a leading `/` are read as if
 * it were there (the library splits on `/` and drops the first piece).
 */
function findContainer(doc: Container, path: string): { con: Container; key: string } | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  let con: Container = doc;
  for (const token of tokens.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(con, decodeToken(token));
    } catch {
      return undefined;
    }
    if (!Array.isArray(next) && !isPlainObject(next)) return undefined;
    con = next;
  }
  return { con, key: decodeToken(tokens[tokens.length - 1]) };
}

/** Go's strconv.Atoi, with its error text. */
function atoi(key: string): number {
  if (!/^[+-]?[0-9]+$/.test(key)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

/** Resolves an existing element's index (negative counts from the end). */
function arrayIndex(arr: unknown[], key: string): number {
  let idx = atoi(key);
  if (idx < -arr.length) throw new Error(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
  if (idx < 0) idx += arr.length;
  if (idx >= arr.length) throw new Error(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
  return idx;
}

function get(con: Container, key: string): unknown {
  if (Array.isArray(con)) return con[arrayIndex(con, key)];
  return Object.prototype.hasOwnProperty.call(con, key) ? con[key] : undefined;
}

function set(con: Container, key: string, value: unknown): void {
  if (Array.isArray(con)) con[arrayIndex(con, key)] = value;
  else con[key] = value;
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new Error(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  // Inserting may target one past the end; negative indexes count from that new length.
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw new Error(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
  con.splice(idx < 0 ? idx + size : idx, 0, value);
}

function remove(con: Container, key: string): void {
  if (Array.isArray(con)) {
    con.splice(arrayIndex(con, key), 1);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(con, key)) throw new Error(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
  delete con[key];
}
