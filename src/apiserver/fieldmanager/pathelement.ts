// One step of a field path, as structured-merge-diff's fieldpath.PathElement: a struct or
// map field (`f:name`), a map-list item by its key fields (`k:{"name":"x"}`), a set item by
// value (`v:"a"`), or an atomic-list item by index (`i:0`). The string forms are the keys
// of managedFields' FieldsV1 and must match upstream byte for byte, because clients show
// them and send them back.

export type KeyFields = ReadonlyArray<readonly [name: string, value: unknown]>;

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: KeyFields }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** Key fields are kept sorted by name, as upstream does, so equal keys serialize equally. */
export function keyElement(fields: KeyFields): PathElement {
  return { kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a[0], b[0])) };
}

export function valueElement(value: unknown): PathElement {
  return { kind: 'value', value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', index };
}

/** JSON as Go's encoding/json writes it: map keys sorted, `<`, `>`, `&`, U+2028/9 escaped. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort(compareStrings);
    return `{${keys.map((k) => `${goString(k)}:${goJson(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goString(v);
  return JSON.stringify(v);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The FieldsV1 key of a path element. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([n, v]) => `${goString(n)}:${goJson(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** Thrown for a FieldsV1 key that cannot be parsed; unknown prefixes return undefined instead. */
export class PathElementError extends Error {}

/**
 * Parses a FieldsV1 key. Returns undefined for an unknown prefix: upstream drops those so
 * that a newer server's element kinds do not break an older one.
 */
export function deserializePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new PathElementError('key must be 2 characters long:');
  if (s[1] !== ':') throw new PathElementError(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return fieldElement(rest);
    case 'v':
      return valueElement(parseJson(rest));
    case 'k': {
      const obj = parseJson(rest);
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new PathElementError(`key is not a JSON object: ${s}`);
      return keyElement(Object.entries(obj));
    }
    case 'i':
      if (!/^[+-]?\d+$/.test(rest)) throw new PathElementError(`strconv.Atoi: parsing ${JSON.stringify(rest)}: invalid syntax`);
      return indexElement(Number(rest));
    default:
      return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PathElementError((e as Error).message);
  }
}

/** Upstream's total order: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const rank = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (rank !== 0) return Math.sign(rank);
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareKeyFields(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return Math.sign(a.index - (b as typeof a).index);
  }
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

function compareKeyFields(a: KeyFields, b: KeyFields): number {
  for (let i = 0; ; i++) {
    if (i >= a.length || i >= b.length) return Math.sign(a.length - b.length);
    const c = compareStrings(a[i][0], b[i][0]) || compareValues(a[i][1], b[i][1]);
    if (c !== 0) return c;
  }
}

/**
 * Upstream orders values float < int < string < bool < list < map < null. Lists and maps
 * never appear in set items (upstream rejects them), so their canonical JSON is enough.
 */
function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  const numeric = (r: number) => r <= 1;
  if (numeric(ra) && numeric(rb)) return Math.sign((a as number) - (b as number));
  if (ra !== rb) return Math.sign(ra - rb);
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  if (ra === 6) return 0;
  return compareStrings(goJson(a), goJson(b));
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? 1 : 0;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 4;
  if (v !== null && typeof v === 'object') return 5;
  return 6;
}

/** Go compares strings by UTF-8 bytes, which is code point order (not UTF-16 unit order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return Math.sign(d);
  }
}

/** The human form used in conflict messages: `.spec.containers[name="x"].image`. */
export function pathToString(path: Path): string {
  return path.map(pathElementToString).join('');
}

function pathElementToString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([n, v]) => `${n}=${valueToString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** Upstream's value.ToString: strings quoted, maps as `k=v` pairs run together. */
function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (typeof v === 'object') {
    return Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${k}=${valueToString((v as Record<string, unknown>)[k])}`)
      .join('');
  }
  return String(v);
}
