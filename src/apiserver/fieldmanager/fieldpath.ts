// A set of field paths, as structured-merge-diff's fieldpath.Set: a tree whose nodes list
// the path elements that are members (owned) and the children that lead to deeper
// members. Being a child does not imply membership; being both is what FieldsV1 writes as
// `".": {}`. Operations return new sets and never share nodes with their inputs, so a set
// can be built by insert() and then passed around freely.

import {
  comparePathElements,
  deserializePathElement,
  PathElementError,
  serializePathElement,
  type Path,
  type PathElement,
} from './pathelement.js';

export type FieldsV1 = Record<string, unknown>;

interface Child {
  pe: PathElement;
  set: FieldSet;
}

export class FieldSet {
  // Keyed by the serialized element, which is canonical, so equal elements share a key.
  private readonly memberMap = new Map<string, PathElement>();
  private readonly childMap = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds one path. Its parents are not added (the empty path is ignored: nobody owns the whole object). */
  insert(path: Path): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i]);
    const last = path[path.length - 1];
    s.memberMap.set(serializePathElement(last), last);
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++) s = s.childMap.get(serializePathElement(path[i]))?.set;
    return s !== undefined && s.memberMap.has(serializePathElement(path[path.length - 1]));
  }

  hasMember(pe: PathElement): boolean {
    return this.memberMap.has(serializePathElement(pe));
  }

  /** The paths below `pe`, without the prefix (empty when there are none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.childMap.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  empty(): boolean {
    if (this.memberMap.size > 0) return false;
    for (const c of this.childMap.values()) if (!c.set.empty()) return false;
    return true;
  }

  /** Members, in upstream order. */
  members(): PathElement[] {
    return [...this.memberMap.values()].sort(comparePathElements);
  }

  /** Children, in upstream order. */
  children(): Array<[PathElement, FieldSet]> {
    return [...this.childMap.values()].sort((a, b) => comparePathElements(a.pe, b.pe)).map((c) => [c.pe, c.set]);
  }

  /** Every member path, in upstream's iteration order (members, then children, depth first). */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (s: FieldSet, prefix: Path): void => {
      for (const pe of s.members()) out.push([...prefix, pe]);
      for (const [pe, child] of s.children()) walk(child, [...prefix, pe]);
    };
    walk(this, []);
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    for (const [k, pe] of other.memberMap) out.memberMap.set(k, pe);
    for (const [k, c] of other.childMap) {
      const mine = out.childMap.get(k);
      out.childMap.set(k, { pe: c.pe, set: mine ? mine.set.union(c.set) : c.set.copy() });
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) if (other.memberMap.has(k)) out.memberMap.set(k, pe);
    for (const [k, c] of this.childMap) {
      const theirs = other.childMap.get(k);
      if (theirs) out.addChild(k, c.pe, c.set.intersection(theirs.set));
    }
    return out;
  }

  /**
   * Members of this set that are not members of `other`. As upstream, a member of `other`
   * does not remove this set's paths below it (see recursiveDifference for that).
   */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) if (!other.memberMap.has(k)) out.memberMap.set(k, pe);
    for (const [k, c] of this.childMap) {
      const theirs = other.childMap.get(k);
      if (theirs) out.addChild(k, c.pe, c.set.difference(theirs.set));
      else out.childMap.set(k, { pe: c.pe, set: c.set.copy() });
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) if (!other.memberMap.has(k)) out.memberMap.set(k, pe);
    for (const [k, c] of this.childMap) {
      if (other.memberMap.has(k)) continue;
      const theirs = other.childMap.get(k);
      if (theirs) out.addChild(k, c.pe, c.set.recursiveDifference(theirs.set));
      else out.childMap.set(k, { pe: c.pe, set: c.set.copy() });
    }
    return out;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) out.memberMap.set(k, pe);
    for (const [k, c] of this.childMap) out.childMap.set(k, { pe: c.pe, set: c.set.copy() });
    return out;
  }

  /** Adds `pe` as a member of this node (for builders that walk the tree node by node). */
  addMember(pe: PathElement): void {
    this.memberMap.set(serializePathElement(pe), pe);
  }

  /** Sets the child set of `pe` unless it is empty: upstream never keeps empty nodes. */
  setChild(pe: PathElement, set: FieldSet): void {
    this.addChild(serializePathElement(pe), pe, set);
  }

  private addChild(key: string, pe: PathElement, set: FieldSet): void {
    if (!set.empty()) this.childMap.set(key, { pe, set });
  }

  private descend(pe: PathElement): FieldSet {
    const key = serializePathElement(pe);
    let c = this.childMap.get(key);
    if (!c) {
      c = { pe, set: new FieldSet() };
      this.childMap.set(key, c);
    }
    return c.set;
  }

  /** The FieldsV1 form, keys in upstream order, `"."` first where a child is also a member. */
  toFieldsV1(): FieldsV1 {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): FieldsV1 {
    const out: FieldsV1 = {};
    const entries = new Map<string, { pe: PathElement; member: boolean; child?: FieldSet }>();
    for (const [k, pe] of this.memberMap) entries.set(k, { pe, member: true });
    for (const [k, c] of this.childMap) entries.set(k, { pe: c.pe, member: this.memberMap.has(k), child: c.set });
    if (includeSelf && entries.size > 0) out['.'] = {};
    const sorted = [...entries.entries()].sort((a, b) => comparePathElements(a[1].pe, b[1].pe));
    for (const [k, e] of sorted) out[k] = e.child ? e.child.emit(e.member) : {};
    return out;
  }

  /** Parses FieldsV1; throws PathElementError on a malformed key or a non-object value. */
  static fromFieldsV1(fields: unknown): FieldSet {
    return read(fields).children ?? new FieldSet();
  }
}

/** Upstream's readIterV1: an empty object, or one with `"."`, means "this path is a member". */
function read(node: unknown): { children?: FieldSet; isMember: boolean } {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new PathElementError('FieldsV1 values must be objects');
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = deserializePathElement(key);
    if (!pe) continue;
    const sub = read(value);
    children ??= new FieldSet();
    if (sub.isMember) children.addMember(pe);
    if (sub.children) children.setChild(pe, sub.children);
  }
  return { children, isMember: isMember || children === undefined };
}
