// Subresources other than status: scale (autoscaling/v1 Scale over spec.replicas),
// pods/binding (the scheduler's write), pods/eviction (drain's delete), and
// namespaces/finalize (clearing spec.finalizers when a namespace is emptied).

import type { KubeObject, ScaleInfo } from '../../api/resource.js';
import { badRequest, conflict, invalid, fieldInvalid, methodNotSupported, StatusError } from '../../machinery/status.js';
import { applyJsonPatch, applyMergePatch } from '../../machinery/index.js';
import { decodeObject, decodePatch, PATCH_TYPES, readBody, sendObject, type ResponseFormat } from '../codec.js';
import type { Registries } from '../registries.js';
import type { RequestContext } from '../registry/context.js';
import type { DeleteOptions } from '../registry/delete.js';
import { evict } from './eviction.js';
import type { Registry } from '../registry/registry.js';
import { pageNotFound, warningHeaders, type Call } from './resource.js';

const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

export async function handleSubresource(reg: Registry, regs: Registries, call: Call, ctx: RequestContext, format: ResponseFormat): Promise<void> {
  const { req, res, info } = call;
  const name = info.name!;
  const namespace = reg.rt.namespaced ? info.namespace : undefined;
  const sub = info.subresource!;
  if (!reg.rt.subresources.some((s) => s.name === sub)) throw pageNotFound();
  const reply = (code: number, obj: unknown) => sendObject(res, code, obj, format, warningHeaders(ctx));
  const method = req.method ?? 'GET';
  switch (sub) {
    case 'scale':
      if (!reg.rt.scale) throw pageNotFound();
      return reply(200, await scale(reg, ctx, reg.rt.scale, call, namespace, name));
    case 'binding':
      if (method !== 'POST') throw methodNotSupported('bindings', method);
      await bind(reg, ctx, namespace, name, decodeObject(await readBody(req), req.headers['content-type']));
      return reply(201, SUCCESS);
    case 'eviction': {
      if (method !== 'POST') throw methodNotSupported('evictions', method);
      const eviction = decodeObject(await readBody(req), req.headers['content-type']);
      await evict(reg, regs, ctx, namespace!, name, (eviction.deleteOptions ?? {}) as DeleteOptions);
      return reply(201, SUCCESS);
    }
    case 'token': {
      if (method !== 'POST') throw methodNotSupported('serviceaccounts/token', method);
      if (!regs.serviceAccountTokens) throw new StatusError(501, 'NotImplemented', 'this server has no service-account signing key');
      const request = decodeObject(await readBody(req), req.headers['content-type']) as KubeObject;
      return reply(201, await regs.serviceAccountTokens.request(namespace!, name, request));
    }
    case 'finalize': {
      if (method !== 'PUT') throw methodNotSupported('namespaces/finalize', method);
      const body = decodeObject(await readBody(req), req.headers['content-type']) as KubeObject;
      const obj = await reg.update(ctx, namespace, name, (current) => ({ ...current, spec: { ...(current.spec as object), finalizers: (body.spec as { finalizers?: string[] })?.finalizers ?? [] } }), { subresource: 'finalize', trusted: true });
      return reply(200, obj);
    }
    default:
      throw new StatusError(501, 'NotImplemented', `the ${sub} subresource of ${reg.qualified} is not served by this node yet`);
  }
}

function toScale(info: ScaleInfo, obj: KubeObject): KubeObject {
  const m = obj.metadata!;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: info.specReplicas(obj) },
    status: { replicas: info.statusReplicas(obj), selector: info.selector(obj) },
  };
}

async function scale(reg: Registry, ctx: RequestContext, info: ScaleInfo, call: Call, namespace: string | undefined, name: string): Promise<KubeObject> {
  const { req } = call;
  const method = req.method ?? 'GET';
  if (method === 'GET') return toScale(info, await reg.get(namespace, name));
  let desired: (current: KubeObject) => KubeObject;
  if (method === 'PUT') {
    const body = decodeObject(await readBody(req), req.headers['content-type']) as KubeObject;
    desired = () => body;
  } else if (method === 'PATCH') {
    const { type, patch } = decodePatch(await readBody(req), req.headers['content-type']);
    if (type === PATCH_TYPES.apply) throw new StatusError(415, 'UnsupportedMediaType', 'apply patches are not supported on the scale subresource');
    desired = (current) => (type === PATCH_TYPES.json ? applyJsonPatch(current, patch) : applyMergePatch(current, patch)) as KubeObject;
  } else {
    throw methodNotSupported('scale', method);
  }
  const updated = await reg.update(ctx, namespace, name, (obj) => {
    const s = desired(toScale(info, obj));
    const replicas = (s.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas: Invalid value: must be an integer');
    if (replicas < 0) throw invalid('Scale', name, [fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0')], 'autoscaling');
    const rv = s.metadata?.resourceVersion;
    if (rv && rv !== obj.metadata!.resourceVersion) throw reg.conflict(name);
    info.setSpecReplicas(obj, replicas);
    return obj;
  }, { subresource: 'scale' });
  return toScale(info, updated);
}

/** Binds a pod to a node once, as upstream's BindingREST: sets spec.nodeName and PodScheduled=True. */
async function bind(reg: Registry, ctx: RequestContext, namespace: string | undefined, name: string, binding: Record<string, unknown>): Promise<void> {
  const target = binding.target as { kind?: string; name?: string } | undefined;
  if (!target?.name) throw invalid('Binding', name, [{ field: 'target.name', type: 'FieldValueRequired', message: 'Required value' }]);
  if (target.kind && target.kind !== 'Node') throw invalid('Binding', name, [fieldInvalid('target.kind', target.kind, 'must be empty or Node')]);
  await reg.update(ctx, namespace, name, (pod) => {
    const spec = pod.spec as { nodeName?: string };
    if (pod.metadata?.deletionTimestamp) throw conflict('pods/binding', name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (spec.nodeName) throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = target.name;
    const status = (pod.status ??= {}) as { conditions?: Record<string, unknown>[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    status.conditions = conditions;
    return pod;
  }, { subresource: 'binding', trusted: true });
}
