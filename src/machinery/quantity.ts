// resource.Quantity: exact decimal amounts such as `100m`, `1.5Gi` or `1e3`.
//
// A value is held as `unscaled × 10^exp` with a bigint, so `0.1` stays exact. Parsing,
// rounding (up, to nano precision) and the canonical `String()` form follow upstream
// (k8s.io/apimachinery/pkg/api/resource), including its habit of returning the input text
// unchanged when that text is already in a canonical shape (so `1E3` and `+1` round-trip).

import { badRequest } from './status.js';

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${SPLIT_RE}'`;
const NUMERIC_ERROR = 'unable to parse numeric part of quantity';
const SUFFIX_ERROR = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXP = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

const NANO = -9;
const MAX_INT64 = 2n ** 63n - 1n;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Divides by 10^digits, rounding away from zero (upstream's RoundUp). */
function divRoundUp(v: bigint, digits: number): bigint {
  // A divisor with more digits than v gives quotient 0 and a remainder, so ±1; this also
  // avoids building 10^huge for inputs such as `1e-999999999`.
  if (digits > abs(v).toString().length) return v === 0n ? 0n : v < 0n ? -1n : 1n;
  const d = pow10(digits);
  const q = v / d;
  if (q * d === v) return q;
  return v < 0n ? q - 1n : q + 1n;
}

export class Quantity {
  /** Prefer parseQuantity or Quantity.fromScaled; the value is `unscaled × 10^exp`. */
  constructor(
    readonly unscaled: bigint,
    readonly exp: number,
    readonly format: QuantityFormat,
    /** The input text when upstream would keep it as the serialized form. */
    private readonly text?: string,
  ) {}

  /** `value × 10^scale`, e.g. `Quantity.fromScaled(250, -3)` is `250m`. */
  static fromScaled(value: bigint | number, scale = 0, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value), scale, format);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    // Compare orders of magnitude first so that `1e999999` vs `1` needs no giant bigint.
    const ma = abs(this.unscaled).toString().length + this.exp;
    const mb = abs(other.unscaled).toString().length + other.exp;
    if (ma !== mb) return ma > mb === sa > 0 ? 1 : -1;
    const scale = Math.min(this.exp, other.exp);
    const a = this.scaledValue(scale);
    const b = other.scaledValue(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** Exact sum; the format is ours unless we are zero (as upstream). */
  add(other: Quantity): Quantity {
    const scale = Math.min(this.exp, other.exp);
    const sum = this.scaledValue(scale) + other.scaledValue(scale);
    return new Quantity(sum, scale, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.exp, this.format);
  }

  /** The value in units of 10^scale, rounded away from zero; scaledValue(-3) is the milli-value. */
  scaledValue(scale: number): bigint {
    const shift = this.exp - scale;
    return shift >= 0 ? this.unscaled * pow10(shift) : divRoundUp(this.unscaled, -shift);
  }

  /** Whole units, rounded up (`100m` → 1). */
  value(): number {
    return this.toNumber(0);
  }

  /** Thousandths, rounded up (`1.0001` → 1001). */
  milliValue(): number {
    return this.toNumber(-3);
  }

  private toNumber(scale: number): number {
    // Far beyond int64 the number is meaningless anyway; avoid building a giant bigint.
    if (this.exp - scale > 30 && !this.isZero()) return this.sign() * Infinity;
    return Number(this.scaledValue(scale));
  }

  /** Approximate float, for display and scoring only. */
  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.exp;
  }

  toString(): string {
    return this.text ?? this.canonical();
  }

  toJSON(): string {
    return this.toString();
  }

  /** Upstream's CanonicalizeBytes. */
  private canonical(): string {
    if (this.isZero()) return '0';
    if (this.format === 'BinarySI') {
      // Binary form only for whole amounts of at least 1024; `500m` and `1023` print as decimal.
      const integral = this.scaledValue(0);
      const small = this.cmp(KIBI) < 0 && this.cmp(KIBI.neg()) > 0;
      if (!small && this.cmp(new Quantity(integral, 0, 'BinarySI')) === 0) return binaryCanonical(integral);
    }
    let m = this.unscaled;
    let e = this.exp;
    while (m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    // Exponents are multiples of three so that an SI suffix (or an eN that reads like one) fits.
    while (e % 3 !== 0) {
      m *= 10n;
      e--;
    }
    // Upstream prints no suffix when none exists for the exponent (beyond E), changing the value.
    const suffix = this.format === 'DecimalExponent' ? (e === 0 ? '' : `e${e}`) : (DECIMAL_BY_EXP.get(e) ?? '');
    return m.toString() + suffix;
  }
}

const KIBI = new Quantity(1024n, 0, 'BinarySI');
/** Upstream caps binary amounts at the largest int64. */
const MAX_BINARY = new Quantity(MAX_INT64, 0, 'BinarySI');

function binaryCanonical(integral: bigint): string {
  let m = integral;
  let e = 0;
  while (abs(m) >= 1024n && m % 1024n === 0n) {
    m /= 1024n;
    e += 10;
  }
  return m.toString() + (BINARY_BY_EXP.get(e) ?? '');
}

interface SplitQuantity {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
  /** True when the numeric part has at least one digit. */
  hasDigits: boolean;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Upstream's parseQuantityString: sign, digits (leading zeros dropped), fraction, suffix. */
function splitQuantity(str: string): SplitQuantity {
  let pos = 0;
  let positive = true;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  const numberStart = pos;
  while (str[pos] === '0') pos++;
  const intStart = pos;
  while (isDigit(str[pos])) pos++;
  const num = str.slice(intStart, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    const start = ++pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(start, pos);
  }
  const hasDigits = /[0-9]/.test(str.slice(numberStart, pos));
  const suffixStart = pos;
  while (pos < str.length && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < str.length) throw badRequest(QUANTITY_FORMAT_ERROR);
  return { positive, num, denom, suffix: str.slice(suffixStart), hasDigits };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  throw badRequest(SUFFIX_ERROR);
}

/** Parses a quantity; throws a 400 with upstream's message when malformed. */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw badRequest(QUANTITY_FORMAT_ERROR);
  if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0');

  const { positive, num, denom, suffix, hasDigits } = splitQuantity(str);
  const { base, exponent, format: suffixFormat } = interpretSuffix(suffix);
  let format = suffixFormat;
  const digits = BigInt(num + denom);
  let unscaled = base === 2 ? digits * 2n ** BigInt(exponent) : digits;
  let exp = (base === 10 ? exponent : 0) - denom.length;

  const { fastPath, keepText } = int64Path(num, denom, base, exponent, digits);
  // Off the int64 path upstream parses the number text as a decimal, which needs a digit.
  if (!hasDigits && !fastPath) throw badRequest(NUMERIC_ERROR);

  if (exp < NANO) {
    unscaled = divRoundUp(unscaled, NANO - exp);
    exp = NANO;
  }
  if (format === 'BinarySI') {
    if (new Quantity(unscaled, exp, format).cmp(MAX_BINARY) > 0) {
      unscaled = MAX_INT64;
      exp = 0;
    } else if (exp < 0 && unscaled !== 0n && unscaled < pow10(-exp)) {
      format = 'DecimalSI'; // a fraction of one is not expressible in binary suffixes
    }
  }
  return new Quantity(positive ? unscaled : -unscaled, exp, format, keepText ? str : undefined);
}

/**
 * Mirrors the conditions under which upstream's ParseQuantity takes its int64 path and
 * stores the original string as the serialized form.
 */
function int64Path(num: string, denom: string, base: 2 | 10, exponent: number, digits: bigint): { fastPath: boolean; keepText: boolean } {
  if (base === 10) {
    const precision = 18 - (num.length + denom.length);
    const scale = exponent - denom.length;
    const fastPath = precision >= 0 && scale >= NANO;
    const shifted = num + denom;
    return { fastPath, keepText: fastPath && scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0' };
  }
  if (denom.length > 0) return { fastPath: false, keepText: false };
  const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  const fastPath = precision >= 0 && digits * 2n ** BigInt(exponent) <= MAX_INT64;
  return { fastPath, keepText: fastPath && (digits & 7n) !== 0n };
}
