// Key ordering shared by every backend. SQLite compares TEXT as UTF-8 bytes, which is the
// same as Unicode code point order; JavaScript's `<` compares UTF-16 code units, which
// disagrees for characters above U+FFFF. Backends order keys by code point so that a list
// (and a paged list's startKey) means the same thing everywhere.

/** Negative, zero or positive as `a` sorts before, equal to or after `b` (code point order). */
export function compareKeys(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/**
 * The smallest key greater than every key that starts with `prefix`, so that a prefix scan
 * is the range [prefix, end) and can use an index; null when no such key exists (the empty
 * prefix, or one made only of U+10FFFF), in which case the range has no upper bound.
 */
export function prefixEnd(prefix: string): string | null {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      // The surrogate range holds no characters; the next one after U+D7FF is U+E000.
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
    // Nothing sorts after U+10FFFF at this position: bump the one before it instead.
  }
  return null;
}
