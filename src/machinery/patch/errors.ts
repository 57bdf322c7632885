// How the API server's patch handler reports failures (apiserver endpoints/handlers/patch.go):
// malformed patch documents are 400 BadRequest (status.ts's badRequest), patches that cannot be applied are a generic
// 422 Invalid, and errors the handler does not classify surface as 500 with the raw message.
// Messages reproduce the Go libraries' texts, including Go's `%v` rendering of values.

import { StatusError } from '../status.js';

/**
 * 422 as upstream's NewGenericServerResponse(422, …): a fixed message and no causes. The
 * library's own message is kept as the error's `cause` for logs.
 */
export function patchUnprocessable(detail: string): StatusError {
  const err = new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request');
  err.cause = detail;
  return err;
}

/** What the server makes of a plain Go error: 500 with reason Unknown (empty) and the raw message. */
export function patchInternal(message: string): StatusError {
  return new StatusError(500, '', message);
}

/** Go's `%v` rendering of a decoded JSON value: `map[k:v …]` with sorted keys, `[a b]`, `<nil>`. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goFormat(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** The Go type a JSON value decodes to (numbers as the server's int-preserving decoder does). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** encoding/json's name for a JSON value's kind in "cannot unmarshal X into …" errors. */
export function jsonKindName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}
