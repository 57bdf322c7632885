// API errors as a client sees them: every non-2xx reply (and every watch ERROR event) becomes
// an ApiError carrying the server's metav1.Status, so callers branch on `reason`/`code` the
// way client-go's apierrors.IsNotFound & co. do.

import type { IncomingHttpHeaders } from 'node:http';
import type { Status, StatusDetails } from '../machinery/status.js';

export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(
    readonly status: Status,
    readonly headers: IncomingHttpHeaders = {},
  ) {
    super(status.message ?? `${status.reason} (${status.code})`);
    this.name = 'ApiError';
    this.code = status.code;
    this.reason = status.reason ?? '';
    this.details = status.details;
  }

  /** From an HTTP reply: the body's Status when it is one, else a generic Status for the code (as client-go does for non-Status bodies). */
  static fromResponse(code: number, headers: IncomingHttpHeaders, body: Buffer): ApiError {
    const decoded = tryParse(body);
    if (decoded && decoded.kind === 'Status' && typeof decoded.code === 'number') return new ApiError(decoded as unknown as Status, headers);
    const text = body.toString('utf8').trim();
    return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason: GENERIC_REASONS[code] ?? 'Unknown', message: text || `the server responded with the status code ${code}` }, headers);
  }
}

const GENERIC_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function tryParse(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isApi = (e: unknown): e is ApiError => e instanceof ApiError;

export const isNotFound = (e: unknown): boolean => isApi(e) && e.reason === 'NotFound';
export const isAlreadyExists = (e: unknown): boolean => isApi(e) && e.reason === 'AlreadyExists';
/** A write lost an optimistic-concurrency race (stale resourceVersion): re-read and retry. */
export const isConflict = (e: unknown): boolean => isApi(e) && e.reason === 'Conflict';
/** The resourceVersion asked for is no longer in history: re-list. */
export const isGone = (e: unknown): boolean => isApi(e) && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');
export const isInvalid = (e: unknown): boolean => isApi(e) && e.reason === 'Invalid';
export const isForbidden = (e: unknown): boolean => isApi(e) && e.reason === 'Forbidden';
/** A create refused because its namespace is being deleted (upstream's NamespaceLifecycle cause); controllers stay quiet about these. */
export const isNamespaceTerminating = (e: unknown): boolean => isApi(e) && (e.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
