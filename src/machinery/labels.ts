// Label selectors: the `-l` / `labelSelector=` string syntax, the metav1.LabelSelector
// object form, and the label key/value rules. Parsing follows upstream's lexer and
// recursive-descent parser (k8s.io/apimachinery/pkg/labels) closely enough that the same
// inputs are accepted and the same error messages come back, since kubectl prints them.

import { badRequest, formatValue } from './status.js';

/** Upstream's selection.Operator spellings. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** metav1.LabelSelector as it appears in JSON. */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

export type Labels = Record<string, string> | undefined | null;

export class LabelSelector {
  private static readonly NOTHING = new LabelSelector([], true);
  private static readonly EVERYTHING = new LabelSelector([]);

  /** Matches every object. */
  static everything(): LabelSelector {
    return LabelSelector.EVERYTHING;
  }

  /** Matches no object (what a nil metav1.LabelSelector means). */
  static nothing(): LabelSelector {
    return LabelSelector.NOTHING;
  }

  /** Requirements are kept sorted by key (stable), as upstream does for deterministic output. */
  private constructor(
    readonly requirements: readonly LabelRequirement[],
    private readonly matchesNothing = false,
  ) {}

  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    return new LabelSelector([...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  /** True when the selector does not restrict anything (the nothing selector is not empty). */
  get empty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  /** True only for the nothing selector. */
  get isNothing(): boolean {
    return this.matchesNothing;
  }

  matches(labels: Labels): boolean {
    if (this.matchesNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  /** The value a selector pins `key` to, if it requires exactly one (used by indexers). */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
    return r.values[0];
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(value as string);
      const wanted = parseInt64(r.values[0]);
      if (actual === undefined || wanted === undefined) return false;
      return r.operator === 'gt' ? actual > wanted : actual < wanted;
    }
  }
}

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

const OPERATOR_TEXT: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

function requirementToString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return '!' + r.key;
  const values = [...r.values].sort().join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return r.key + OPERATOR_TEXT[r.operator] + (set ? `(${values})` : values);
}

// ---------------------------------------------------------------------------
// Requirement construction and validation (upstream's NewRequirement).

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const ALL_OPERATORS = [...BINARY_OPERATORS, 'exists', '!'];

/**
 * Builds a validated requirement (upstream's NewRequirement with no field path, so errors
 * read `key: …` / `values[0][key]: …`). Throws a 400 with upstream's aggregated message.
 */
export function newRequirement(key: string, operator: string, values: readonly string[]): LabelRequirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw badRequest(aggregate(errs));
  return { key, operator: operator as LabelOperator, values: [...values] };
}

function requirementErrors(key: string, operator: string, values: readonly string[]): string[] {
  const errs: string[] = [];
  const keyErrs = validateLabelKey(key);
  if (keyErrs.length > 0) errs.push(`key: Invalid value: ${formatValue(key)}: ${keyErrs.join('; ')}`);
  // Upstream renders an empty values slice as JSON null (it is a nil slice there).
  const shown = values.length === 0 ? null : values;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(`values: Invalid value: ${formatValue(shown)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(`values: Invalid value: ${formatValue(shown)}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(`values: Invalid value: ${formatValue(shown)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(`values: Invalid value: ${formatValue(shown)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(`values[${i}]: Invalid value: ${formatValue(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
    default:
      errs.push(`operator: Unsupported value: ${formatValue(operator)}: supported values: ${ALL_OPERATORS.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  values.forEach((v, i) => {
    const valueErrs = validateLabelValue(v);
    if (valueErrs.length > 0) errs.push(`values[${i}][${key}]: Invalid value: ${formatValue(v)}: ${valueErrs.join('; ')}`);
  });
  return errs;
}

/** Upstream's utilerrors aggregate: one message alone, several as `[a, b]` (duplicates dropped). */
function aggregate(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

// ---------------------------------------------------------------------------
// The string parser.

const enum Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const LITERAL_TOKENS: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: Tok.End, lit: '' });
      return items;
    }
    if (isSpecial(s[pos])) {
      // Longest run of special symbols that still forms a known operator.
      let buf = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buf += s[pos];
        const tok = LITERAL_TOKENS[buf];
        if (tok !== undefined) last = { tok, lit: buf };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` });
    } else {
      const start = pos;
      while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) pos++;
      const word = s.slice(start, pos);
      const tok = LITERAL_TOKENS[word];
      items.push({ tok: tok ?? Tok.Identifier, lit: word });
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In value context the keywords `in`/`notin` are plain identifiers (`x in (in)`). */
  private peek(values: boolean): Item {
    return this.asValue(this.items[this.pos], values);
  }

  private next(values: boolean): Item {
    return this.asValue(this.items[this.pos++], values);
  }

  private asValue(item: Item, values: boolean): Item {
    if (values && (item.tok === Tok.In || item.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: item.lit };
    return item;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === Tok.End) return reqs;
      if (tok !== Tok.Identifier && tok !== Tok.DoesNotExist) {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      const after = this.next(true);
      if (after.tok === Tok.End) return reqs;
      if (after.tok !== Tok.Comma) throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.tok !== Tok.Identifier && following.tok !== Tok.DoesNotExist) {
        throw new Error(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let operator: LabelOperator | undefined;
    let item = this.next(true);
    if (item.tok === Tok.DoesNotExist) {
      operator = '!';
      item = this.next(true);
    }
    if (item.tok !== Tok.Identifier) throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErrs = validateLabelKey(key);
    if (keyErrs.length > 0) throw new Error(`<nil>: Invalid value: ${formatValue(key)}: ${keyErrs.join('; ')}`);
    const la = this.peek(true).tok;
    if (la === Tok.End || la === Tok.Comma) {
      return newRequirement(key, operator ?? 'exists', []);
    }
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    // Upstream collects values in a string set: sorted and de-duplicated.
    return newRequirement(key, op, [...new Set(values)].sort());
  }

  private operator(): LabelOperator {
    const { tok, lit } = this.next(false);
    switch (tok) {
      case Tok.In:
        return 'in';
      case Tok.NotIn:
        return 'notin';
      case Tok.Equals:
        return '=';
      case Tok.DoubleEquals:
        return '==';
      case Tok.NotEquals:
        return '!=';
      case Tok.GreaterThan:
        return 'gt';
      case Tok.LessThan:
        return 'lt';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private setValues(): string[] {
    const open = this.next(true);
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek(true);
    if (tok === Tok.ClosedPar) {
      this.next(true);
      return [''];
    }
    if (tok !== Tok.Identifier && tok !== Tok.Comma) throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifiers();
    if (this.next(true).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
    return values;
  }

  /** A comma-separated list where empty entries stand for the empty string (`(,a)`). */
  private identifiers(): string[] {
    const values: string[] = [];
    for (;;) {
      const { tok, lit } = this.next(true);
      if (tok === Tok.Identifier) {
        values.push(lit);
        const la = this.peek(true);
        if (la.tok === Tok.Comma) continue;
        if (la.tok === Tok.ClosedPar) return values;
        throw new Error(`found '${la.lit}', expected: ',' or ')'`);
      }
      if (tok !== Tok.Comma) throw new Error(`found '${lit}', expected: ',', or identifier`);
      if (values.length === 0) values.push('');
      const la = this.peek(true).tok;
      if (la === Tok.ClosedPar) {
        values.push('');
        return values;
      }
      if (la === Tok.Comma) values.push('');
    }
  }

  private exactValue(): string[] {
    const la = this.peek(true).tok;
    if (la === Tok.End || la === Tok.Comma) return [''];
    const { tok, lit } = this.next(true);
    if (tok === Tok.Identifier) return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** Parses `a=b,c in (x,y),!d`; throws a 400 carrying upstream's message. */
export function parseLabelSelector(selector: string): LabelSelector {
  try {
    return LabelSelector.of(new Parser(lex(selector)).parse());
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

/** A selector requiring every label of `set` (upstream's SelectorFromSet; not validated). */
export function selectorFromSet(set: Record<string, string> | undefined | null): LabelSelector {
  return LabelSelector.of(Object.entries(set ?? {}).map(([key, v]) => ({ key, operator: '=' as const, values: [v] })));
}

const META_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: null/undefined selects nothing, `{}` selects everything.
 * Throws a 400 with upstream's message when a requirement is invalid.
 */
export function labelSelectorFromMeta(sel: MetaLabelSelector | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return LabelSelector.nothing();
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(key, '=', [value]));
  for (const expr of sel.matchExpressions ?? []) {
    const op = META_OPERATORS[expr.operator];
    if (!op) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return LabelSelector.of(reqs);
}

/** metav1.FormatLabelSelector: the string form, `<none>` when empty, `<error>` when invalid. */
export function selectorToString(sel: MetaLabelSelector | null | undefined): string {
  try {
    return labelSelectorFromMeta(sel).toString() || '<none>';
  } catch {
    return '<error>';
  }
}

// ---------------------------------------------------------------------------
// Key and value rules (upstream's IsQualifiedName / IsValidLabelValue / IsDNS1123*).

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** Upstream's RegexError: the message, examples, and the regex used. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join('or ')}regex used for validation is '${fmt}')`;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** Go's len(): the UTF-8 byte length. */
const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** A label key (qualified name): `[prefix/]name`, name ≤ 63, prefix a DNS subdomain. Returns error strings. */
export function validateLabelKey(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => 'prefix part ' + m));
  } else {
    return [
      'a qualified name ' +
        regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!QUALIFIED_NAME_RE.test(name)) errs.push('name part ' + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'));
  return errs;
}

/** A label value: empty, or ≤ 63 characters of the qualified-name alphabet. Returns error strings. */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(DNS1123_SUBDOMAIN_RE.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}
