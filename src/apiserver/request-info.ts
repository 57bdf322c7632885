// Parses a request path into what it addresses, as upstream's RequestInfoFactory does:
//   /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}
//   /apis/{group}/{version}/{resource}/{name}/{subresource}
// Anything that is not under /api or /apis is a non-resource path (/version, /healthz, …).

import { badRequest } from '../machinery/status.js';

export interface ResourceRequest {
  group: string;
  version: string;
  /** Set for namespaced paths (and for `namespaces/{name}` itself, as upstream). */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export type PathInfo =
  | { type: 'resource'; req: ResourceRequest }
  /** `/api`, `/apis`, `/apis/{group}`, `/api/v1`, `/apis/{group}/{version}`. */
  | { type: 'discovery'; prefix: 'api' | 'apis'; group?: string; version?: string }
  | { type: 'other'; path: string };

/** Subresources of a namespace that are addressed as `/namespaces/{name}/{sub}`. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export interface RequestURL {
  /** The path exactly as sent (still percent-encoded). */
  pathname: string;
  searchParams: URLSearchParams;
}

/**
 * Splits the request target without normalising it: WHATWG URL parsing would resolve `..`
 * and `%2e%2e`, turning `…/configmaps/..` into a request on the namespace itself.
 */
export function requestURL(raw: string): RequestURL {
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  return { pathname: path.startsWith('/') ? path : `/${path}`, searchParams: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '') };
}

/** Upstream's IsValidPathSegmentName, applied to the name and namespace of a request. */
export function checkPathNames(req: ResourceRequest): void {
  for (const [what, v] of [['Name', req.name], ['Namespace', req.namespace]] as const) {
    if (v === undefined) continue;
    const problem = v === '.' || v === '..' ? `may not be '${v}'` : /[/%]/.test(v) ? `may not contain '${v.includes('/') ? '/' : '%'}'` : undefined;
    if (problem) throw badRequest(`${what} parameter invalid: ${JSON.stringify(v)}: ${problem}`);
  }
}

export function parsePath(pathname: string): PathInfo {
  const parts = pathname.split('/').filter((p) => p !== '').map(safeDecode);
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return { type: 'other', path: pathname };
  let rest: string[];
  let group = '';
  let version: string;
  if (prefix === 'api') {
    if (parts.length < 2) return { type: 'discovery', prefix };
    version = parts[1];
    rest = parts.slice(2);
  } else {
    if (parts.length < 3) return { type: 'discovery', prefix, group: parts[1] };
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  }
  if (rest.length === 0) return { type: 'discovery', prefix, group, version };
  // The legacy `/watch/` prefix is the same request with watch=true.
  if (rest[0] === 'watch') rest = rest.slice(1);
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    const namespace = rest[1];
    if (rest.length === 2) return { type: 'resource', req: { group, version, resource: 'namespaces', name: namespace, namespace } };
    if (rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2])) {
      return { type: 'resource', req: { group, version, resource: 'namespaces', name: namespace, namespace, subresource: rest[2] } };
    }
    return { type: 'resource', req: { group, version, namespace, resource: rest[2], name: rest[3], subresource: rest.slice(4).join('/') || undefined } };
  }
  return { type: 'resource', req: { group, version, resource: rest[0], name: rest[1], subresource: rest.slice(2).join('/') || undefined } };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Go's strconv.ParseBool, which is how upstream reads boolean query parameters (`watch=True` from python). */
export function parseBool(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False', ''].includes(v)) return false;
  return undefined;
}
