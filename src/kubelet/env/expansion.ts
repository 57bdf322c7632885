// `$(VAR)` references in env values, command and args (upstream's
// third_party/forked/golang/expansion): `$$` is a literal `$`, an unknown or unterminated
// reference stays as written, and a `$` before anything else is kept with that character.

/** Looks names up in each map in turn; an unknown name expands to itself, `$(NAME)`. */
export function mappingFor(...maps: ReadonlyMap<string, string>[]): (name: string) => string {
  return (name) => {
    for (const m of maps) {
      const v = m.get(name);
      if (v !== undefined) return v;
    }
    return `$(${name})`;
  };
}

export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    // A `$` as the last character has nothing to expand: it is copied with the tail.
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close < 0) {
        out += '$(';
        cursor += 1;
      } else {
        out += mapping(input.slice(cursor + 2, close));
        cursor = close;
      }
    } else {
      out += `$${next}`;
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** A container's command or args with references to its environment expanded (upstream's ExpandContainerCommandAndArgs). */
export function expandAll(values: readonly string[] | undefined, env: readonly { name: string; value: string }[]): string[] {
  const mapping = mappingFor(new Map(env.map((e) => [e.name, e.value])));
  return (values ?? []).map((v) => expand(v, mapping));
}
