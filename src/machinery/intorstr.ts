// IntOrString (`maxSurge: 25%`, `targetPort: http`): JSON numbers or strings. Helpers follow
// upstream's k8s.io/apimachinery/pkg/util/intstr, including its error texts, since
// controllers surface them in conditions and events.

export type IntOrString = number | string;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** intstr.Parse: an int32 when the text is one, otherwise the string. */
export function parseIntOrString(text: string): IntOrString {
  const n = atoi(text);
  return typeof n === 'number' && n >= INT32_MIN && n <= INT32_MAX ? n : text;
}

/** IntValue(): the number, or the string read as an integer (0 when it is not one). */
export function intOrStringValue(v: IntOrString): number {
  if (typeof v === 'number') return v;
  const n = atoi(v);
  return typeof n === 'number' ? n : 0;
}

/**
 * Resolves an absolute number or a percentage of `total` (rounded up or down), as the
 * Deployment and PodDisruptionBudget controllers do for maxSurge/maxUnavailable/minAvailable.
 * Strings must be percentages; throws upstream's errors otherwise.
 */
export function getScaledValueFromIntOrPercent(v: IntOrString | null | undefined, total: number, roundUp: boolean): number {
  if (v === null || v === undefined) throw new Error('nil value for IntOrString');
  if (typeof v === 'number') return v;
  if (!v.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  const n = atoi(v.slice(0, -1));
  if (typeof n === 'string') throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(v)}: ${n}`);
  const scaled = (n * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** Go's strconv.Atoi: the integer, or the error text when `s` is not a decimal int64. */
function atoi(s: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  const big = BigInt(s);
  if (big < -(2n ** 63n) || big >= 2n ** 63n) return `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`;
  return Number(big);
}
