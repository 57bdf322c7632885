// Request bodies in, responses out: the media types kubectl, helm and the client libraries
// use (compat reference §5–7). Replies are always JSON (or YAML when asked for); requests
// may be JSON, YAML, or Kubernetes protobuf from client-go's typed clients.

import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { decodeKubernetesProtobuf } from '../api/protobuf/decode.js';
import { badRequest, tooLarge, unsupportedMediaType, type Status, StatusError } from '../machinery/status.js';

/** Upstream's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Decodes an object body (create, update, and the object inside subresource posts). */
export function decodeObject(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType) || 'application/json';
  switch (type) {
    case 'application/json':
      return asObject(parseJSON(body));
    case 'application/yaml':
      return asObject(parseYAML(body));
    case 'application/vnd.kubernetes.protobuf':
      return decodeKubernetesProtobuf(body).object;
    default:
      throw unsupportedMediaType(type, OBJECT_TYPES);
  }
}

/** Decodes a patch body for one of the four patch types; other types get 415. */
export function decodePatch(body: Buffer, contentType: string | undefined): { type: string; patch: unknown } {
  const type = mediaType(contentType);
  switch (type) {
    case PATCH_TYPES.json:
      return { type, patch: parseJSON(body) };
    case PATCH_TYPES.merge:
    case PATCH_TYPES.strategic:
      return { type, patch: asObject(parseJSON(body)) };
    case PATCH_TYPES.apply:
      return { type, patch: asObject(parseYAML(body)) };
    default:
      throw unsupportedMediaType(type, Object.values(PATCH_TYPES));
  }
}

export function parseJSON(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  if (tooDeep(v)) throw badRequest(`couldn't get version/kind; json parse error: exceeded max depth of ${MAX_NESTING_DEPTH}`);
  return v;
}

function parseYAML(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  // The yaml parser recurses per level, and a stack overflow inside it can hit V8 while it
  // compiles a regular expression, which kills the process (a fatal OOM, not a RangeError):
  // bound the nesting from the text before parsing.
  if (yamlDepthBound(text) > MAX_NESTING_DEPTH) throw badRequest(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_NESTING_DEPTH}`);
  let v: unknown;
  try {
    v = YAML.parse(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (tooDeep(v)) throw badRequest(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_NESTING_DEPTH}`);
  return v;
}

/**
 * Bodies nested deeper than this are refused (upstream's decoders stop at 10,000; our
 * recursive deep copy, patching and validation overflow the stack well before that).
 */
export const MAX_NESTING_DEPTH = 500;

/** Iteratively (a recursive walk would overflow on the very input it guards against). */
function tooDeep(v: unknown): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (depth > MAX_NESTING_DEPTH) return true;
    for (const child of Array.isArray(x) ? x : Object.values(x)) stack.push([child, depth + 1]);
  }
  return false;
}

/** An upper bound of a YAML text's nesting: per line, indentation plus `- ` entries plus open flow brackets. */
function yamlDepthBound(text: string): number {
  let flow = 0;
  let max = 0;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const dashes = /^(?:-\s+)*/.exec(line.trimStart())![0].split('-').length - 1;
    let quote = '';
    max = Math.max(max, indent + dashes + flow);
    for (const ch of line) {
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '{') max = Math.max(max, indent + dashes + ++flow);
      else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
  }
  return max;
}

function asObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  return v as Record<string, unknown>;
}

export interface ResponseFormat {
  yaml: boolean;
  /** The client asked for meta.k8s.io Table output. */
  table: boolean;
}

/** Reads the Accept header: Table when offered first-class, YAML when preferred over JSON. */
export function negotiate(accept: string | undefined): ResponseFormat {
  const offers = (accept ?? '').split(',').map((o) => o.trim().toLowerCase());
  const table = offers.some((o) => o.startsWith('application/json') && /;\s*as=table/.test(o) && /;\s*g=meta\.k8s\.io/.test(o));
  const first = offers.find((o) => o.startsWith('application/json') || o.startsWith('application/yaml'));
  return { table, yaml: first?.startsWith('application/yaml') ?? false };
}

export function sendObject(res: ServerResponse, code: number, obj: unknown, format?: ResponseFormat, headers: Record<string, string> = {}): void {
  const body = format?.yaml ? YAML.stringify(obj) : JSON.stringify(obj);
  res.writeHead(code, { 'Content-Type': format?.yaml ? 'application/yaml' : 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendStatus(res: ServerResponse, err: StatusError): void {
  const status: Status = err.toStatus();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendObject(res, err.code, status, undefined, err.headers);
}
