// Quoting for the small sh scripts the runtime hands to `sh -c` (values come from pod specs).

/** One shell word, whatever the input: single-quoted, with embedded quotes spliced in. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
