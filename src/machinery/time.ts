// Timestamps as the API serializes them: metav1.Time has second precision
// (`2024-01-02T03:04:05Z`), metav1.MicroTime has microseconds (`…05.123456Z`, used by
// Leases and Events). JavaScript clocks have milliseconds, so microseconds end in 000.

/** metav1.Time for `date` (default now): RFC 3339, UTC, whole seconds. */
export function nowRFC3339(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime for `date` (default now): RFC 3339, UTC, six fractional digits. */
export function microTimeRFC3339(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

// RFC 3339 as Go's time.RFC3339 / RFC3339Nano parse it: a `T`, optional fraction, `Z` or ±hh:mm.
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (any fraction, any offset); undefined when malformed. */
export function parseRFC3339(text: string): Date | undefined {
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number((frac.slice(1) + '00').slice(0, 3)) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC silently rolls over out-of-range fields (month 13, day 32); reject those instead.
  const check = new Date(t);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    t -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return new Date(t);
}

/** Milliseconds since the epoch of an RFC 3339 timestamp; throws on malformed input. */
export function parseTimeMillis(text: string): number {
  const d = parseRFC3339(text);
  if (!d) throw new Error(`parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  return d.getTime();
}

/** Re-renders any RFC 3339 timestamp in metav1.Time form (UTC, truncated to seconds). */
export function normalizeTime(text: string): string | undefined {
  const d = parseRFC3339(text);
  return d && nowRFC3339(d);
}
