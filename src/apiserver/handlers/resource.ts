// Maps an HTTP request on a resource path to a registry operation (upstream's
// endpoints/handlers): verbs, query parameters, bodies and response shapes.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../api/resource.js';
import { badRequest, methodNotSupported, StatusError } from '../../machinery/status.js';
import { decodeObject, decodePatch, negotiate, readBody, sendObject, type ResponseFormat } from '../codec.js';
import type { Registries } from '../registries.js';
import { contextFromQuery, queryBool, type RequestContext, type UserInfo } from '../registry/context.js';
import { checkDeleteOptions, deleteObject, type DeleteOptions } from '../registry/delete.js';
import { buildFilter } from '../registry/filter.js';
import { listObjects, parseLimit } from '../registry/list.js';
import { checkPatchOptions, patchObject } from '../registry/patch.js';
import type { Registry } from '../registry/registry.js';
import type { RequestURL, ResourceRequest } from '../request-info.js';
import { parseIncludeObject, toTable } from '../table.js';
import { serveWatch } from './watch.js';
import { handleSubresource } from './subresources.js';
import { answerReview } from './reviews.js';

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: RequestURL;
  user: UserInfo;
  info: ResourceRequest;
}

export async function handleResource(regs: Registries, call: Call): Promise<void> {
  const { req, res, url, info } = call;
  const reg = regs.lookup(info.group, info.version, info.resource);
  if (!reg) throw pageNotFound();
  const namespace = reg.rt.namespaced ? info.namespace : undefined;
  if (reg.rt.namespaced && info.namespace === undefined && info.name !== undefined) throw pageNotFound();
  const q = url.searchParams;
  const format = negotiate(req.headers.accept);
  const ctx = contextFromQuery(call.user, q, OPTIONS_KIND[req.method ?? 'GET']);
  ctx.fieldManager ??= defaultManager(req);
  const reply = (code: number, obj: unknown) => sendObject(res, code, obj, format, warningHeaders(ctx));

  if (reg.rt.createOnly) return reply(201, await answerReview(reg, req, call.user));
  // The legacy `/api/v1/watch/…` and `/apis/{g}/{v}/watch/…` paths are watches; on a named
  // object, a watch of just that object (upstream turns the name into a field selector).
  if (isLegacyWatch(url.pathname) && req.method === 'GET' && !info.subresource) {
    if (info.name !== undefined) {
      const fs = q.get('fieldSelector');
      q.set('fieldSelector', `${fs ? `${fs},` : ''}metadata.name=${info.name}`);
    }
    return serveWatch(reg, call, namespace, format);
  }
  if (info.subresource && info.subresource !== 'status') return handleSubresource(reg, regs, call, ctx, format);
  if (info.subresource === 'status' && !reg.rt.hasStatus) throw pageNotFound();
  const method = req.method ?? 'GET';
  if (info.name === undefined) {
    switch (method) {
      case 'GET':
        if (queryBool(q, 'watch')) return serveWatch(reg, call, namespace, format);
        return reply(200, await list(reg, namespace, q, format));
      case 'POST': {
        const obj = decodeObject(await readBody(req), req.headers['content-type']);
        return reply(201, await reg.create(ctx, namespace, obj as KubeObject));
      }
      case 'DELETE':
        return reply(200, await deleteCollection(reg, ctx, namespace, q, await readDeleteOptions(req, q)));
      default:
        throw methodNotSupported(reg.rt.plural, method);
    }
  }
  const name = info.name;
  switch (method) {
    case 'GET': {
      if (queryBool(q, 'watch')) throw badRequest('watch of a single object: use fieldSelector=metadata.name=<name> on the collection');
      const obj = await reg.get(namespace, name);
      return reply(200, format.table ? toTable(reg.rt, [obj], parseIncludeObject(q.get('includeObject')), { resourceVersion: obj.metadata?.resourceVersion }) : obj);
    }
    case 'PUT': {
      const body = decodeObject(await readBody(req), req.headers['content-type']) as KubeObject;
      const obj = await reg.update(ctx, namespace, name, () => structuredClone(body), { subresource: info.subresource });
      return reply(200, obj);
    }
    case 'PATCH': {
      const { type, patch } = decodePatch(await readBody(req), req.headers['content-type']);
      checkPatchOptions(type, q);
      const { obj, created } = await patchObject(reg, ctx, namespace, name, { type, patch, force: queryBool(q, 'force'), subresource: info.subresource });
      return reply(created ? 201 : 200, obj);
    }
    case 'DELETE': {
      if (info.subresource) throw methodNotSupported(reg.rt.plural, 'delete');
      return reply(200, await deleteObject(reg, ctx, namespace, name, await readDeleteOptions(req, q)));
    }
    default:
      throw methodNotSupported(reg.rt.plural, method);
  }
}

/** `/api/v1/watch/…` or `/apis/{group}/{version}/watch/…`. */
function isLegacyWatch(pathname: string): boolean {
  const parts = pathname.split('/').filter((p) => p !== '');
  return parts[parts[0] === 'api' ? 2 : 3] === 'watch';
}

/** The options object each verb's query parameters belong to (named in 422s). */
const OPTIONS_KIND: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions', GET: 'GetOptions' };

export function pageNotFound(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** Upstream names the manager after the client's User-Agent when none is given (`kubectl`, `Go-http-client`). */
function defaultManager(req: IncomingMessage): string {
  const ua = req.headers['user-agent'] ?? 'unknown';
  return ua.split('/')[0].slice(0, 128) || 'unknown';
}

export function warningHeaders(ctx: RequestContext): Record<string, string> {
  if (ctx.warnings.length === 0) return {};
  return { Warning: ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

async function list(reg: Registry, namespace: string | undefined, q: URLSearchParams, format: ResponseFormat): Promise<unknown> {
  const result = await listObjects(reg, {
    namespace,
    filter: buildFilter(reg.rt, q.get('labelSelector'), q.get('fieldSelector')),
    limit: parseLimit(q.get('limit')),
    continue: q.get('continue') ?? undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
  });
  const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) meta.continue = result.continue;
  if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
  if (format.table) return toTable(reg.rt, result.items, parseIncludeObject(q.get('includeObject')), meta);
  return { kind: reg.rt.listKind, apiVersion: reg.apiVersion, metadata: meta, items: result.items };
}

async function readDeleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  const opts: DeleteOptions = body.length > 0 ? (decodeObject(body, req.headers['content-type'] ?? 'application/json') as DeleteOptions) : {};
  const grace = q.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = q.get('propagationPolicy');
  if (policy !== null) opts.propagationPolicy = policy;
  checkDeleteOptions(opts);
  return opts;
}

async function deleteCollection(reg: Registry, ctx: RequestContext, namespace: string | undefined, q: URLSearchParams, opts: DeleteOptions): Promise<unknown> {
  const result = await listObjects(reg, { namespace, filter: buildFilter(reg.rt, q.get('labelSelector'), q.get('fieldSelector')) });
  const deleted: KubeObject[] = [];
  for (const obj of result.items) {
    try {
      deleted.push(await deleteObject(reg, ctx, obj.metadata?.namespace, obj.metadata!.name!, opts));
    } catch (e) {
      // Gone meanwhile: that is what we wanted.
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
  }
  return { kind: reg.rt.listKind, apiVersion: reg.apiVersion, metadata: { resourceVersion: result.resourceVersion }, items: deleted };
}
