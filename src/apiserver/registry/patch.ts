// PATCH: the four patch types applied to the current object, then written as an update;
// server-side apply also creates when the object does not exist yet.

import type { KubeObject } from '../../api/resource.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../machinery/index.js';
import { badRequest, fieldForbidden, fieldRequired, invalid, StatusError, type FieldError } from '../../machinery/status.js';
import { nowRFC3339 } from '../../machinery/time.js';
import { serverSideApply } from '../fieldmanager/index.js';
import { PATCH_TYPES } from '../codec.js';
import type { RequestContext } from './context.js';
import type { Registry } from './registry.js';

export interface PatchRequest {
  type: string;
  patch: unknown;
  /** `force` query parameter (apply only). */
  force: boolean;
  subresource?: string;
}

/**
 * Upstream's ValidatePatchOptions, checked on the query as sent (before a fieldManager is
 * defaulted from the User-Agent): apply needs an explicit fieldManager, other patches may
 * not carry `force`. Both are 422s on PatchOptions.
 */
export function checkPatchOptions(type: string, q: URLSearchParams): void {
  const errors: FieldError[] = [];
  if (type !== PATCH_TYPES.apply) {
    if (q.has('force')) errors.push(fieldForbidden('force', 'may not be specified for non-apply patch'));
  } else if (!q.get('fieldManager')) {
    errors.push(fieldRequired('fieldManager', 'is required for apply patch'));
  }
  if (errors.length > 0) throw invalid('PatchOptions', '', errors, 'meta.k8s.io');
}

export async function patchObject(reg: Registry, ctx: RequestContext, namespace: string | undefined, name: string, p: PatchRequest): Promise<{ obj: KubeObject; created: boolean }> {
  if (p.type === PATCH_TYPES.apply) return applyObject(reg, ctx, namespace, name, p);
  if (p.force) throw badRequest('force: Invalid value: true: may not be specified for non-apply patch');
  const obj = await reg.update(ctx, namespace, name, (current) => applyPatch(reg, current, p), { subresource: p.subresource });
  return { obj, created: false };
}

function applyPatch(reg: Registry, current: KubeObject, p: PatchRequest): KubeObject {
  switch (p.type) {
    case PATCH_TYPES.json:
      return asObject(applyJsonPatch(current, p.patch));
    case PATCH_TYPES.merge:
      return asObject(applyMergePatch(current, p.patch));
    default:
      return asObject(applyStrategicMergePatch(current, p.patch, reg.schema));
  }
}

function asObject(v: unknown): KubeObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StatusError(422, 'Invalid', 'the patch did not produce an object');
  return v as KubeObject;
}

async function applyObject(reg: Registry, ctx: RequestContext, namespace: string | undefined, name: string, p: PatchRequest): Promise<{ obj: KubeObject; created: boolean }> {
  if (!ctx.fieldManager) throw badRequest('PATCH: fieldManager is required for apply requests');
  const applied = p.patch as KubeObject;
  reg.checkTypes(applied);
  const appliedName = applied.metadata?.name;
  if (appliedName !== undefined && appliedName !== name) {
    throw badRequest(`the name of the object (${appliedName}) does not match the name on the URL (${name})`);
  }
  const apply = (live: KubeObject | null): KubeObject => {
    const result = serverSideApply({ live, applied, manager: ctx.fieldManager!, force: p.force, schema: reg.schema, apiVersion: reg.apiVersion, now: nowRFC3339() });
    const obj = result.object as KubeObject;
    obj.metadata = { ...obj.metadata, managedFields: result.managedFields };
    return obj;
  };
  try {
    const obj = await reg.update(ctx, namespace, name, (current) => apply(current), { subresource: p.subresource, managedFieldsDone: true });
    return { obj, created: false };
  } catch (e) {
    if (!(e instanceof StatusError) || e.code !== 404 || p.subresource) throw e;
  }
  const fresh = apply(null);
  fresh.metadata = { ...fresh.metadata, name };
  return { obj: await reg.create(ctx, namespace, fresh, true), created: true };
}
