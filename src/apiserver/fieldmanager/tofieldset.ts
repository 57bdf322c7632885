// The set of fields an object sets (upstream's TypedValue.ToFieldSet): leaves are members;
// a struct field is a member only when it is null or an empty object (so that it can be
// owned); a map entry and a list item are always members, also when they have members
// below them (FieldsV1's `".": {}`).

import { isPlainObject } from '../../machinery/deep.js';
import type { SchemaNode } from '../../machinery/schema-node.js';
import { FieldSet } from './fieldpath.js';
import { fieldElement, pathToString, serializePathElement, type Path, type PathElement } from './pathelement.js';
import { listItemElement, shapeOf, TypedError } from './shape.js';

export interface ToFieldSetOptions {
  /**
   * For an applied configuration: collect every problem (including duplicate list keys,
   * which live objects may have) into `errors` instead of throwing at the first.
   */
  errors?: string[];
}

export function toFieldSet(value: unknown, schema: SchemaNode, opts: ToFieldSetOptions = {}): FieldSet {
  const set = new FieldSet();
  walk(value, schema, [], set, opts.errors);
  return set;
}

function walk(value: unknown, schema: SchemaNode, path: Path, set: FieldSet, errors: string[] | undefined): void {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'leaf') {
    set.insert(path);
  } else if (shape.kind === 'fields') {
    if (!isPlainObject(value)) return;
    for (const [name, v] of Object.entries(value)) {
      const childPath = [...path, fieldElement(name)];
      walk(v, shape.child(name), childPath, set, errors);
      if (v === null || (isPlainObject(v) && Object.keys(v).length === 0) || !shape.isNamedField(name)) set.insert(childPath);
    }
  } else if (Array.isArray(value)) {
    const items = listElements(value, (item) => listItemElement(shape.list, item), path, errors);
    for (const { pe, item, duplicate } of items) {
      const childPath = [...path, pe];
      if (duplicate) {
        if (errors) errors.push(`${pathToString(path)}: duplicate entries for key ${pathToString([pe])}`);
      } else {
        walk(item, shape.list.items, childPath, set, errors);
      }
      set.insert(childPath);
    }
  }
}

interface ListElement {
  pe: PathElement;
  item: unknown;
  /** Upstream owns a duplicated item as a whole and does not descend into it. */
  duplicate: boolean;
}

/**
 * The distinct path elements of a list, in first-seen order. Items whose element cannot
 * be computed are reported into `errors`, or thrown when there is nowhere to report them.
 */
function listElements(list: unknown[], elementOf: (item: unknown) => PathElement | string, path: Path, errors: string[] | undefined): ListElement[] {
  const seen = new Map<string, ListElement>();
  list.forEach((item, i) => {
    const pe = elementOf(item);
    if (typeof pe === 'string') {
      const msg = `${pathToString(path)}: element ${i}: ${pe}`;
      if (!errors) throw new TypedError(msg);
      errors.push(msg);
      return;
    }
    const key = serializePathElement(pe);
    const prior = seen.get(key);
    if (prior) prior.duplicate = true;
    else seen.set(key, { pe, item, duplicate: false });
  });
  return [...seen.values()];
}
