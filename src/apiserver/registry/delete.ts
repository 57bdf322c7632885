// DELETE with upstream's rules: preconditions, graceful deletion (the object stays, marked
// with deletionTimestamp, until whoever runs it confirms), and finalizers that hold the
// object until they are removed. Namespaces hold on `spec.finalizers` and turn Terminating.
// The propagation policy becomes a finalizer for the garbage collector to act on:
// Foreground holds the object until its blocking dependents are gone, Orphan until its
// dependents no longer point at it (upstream's deletionFinalizersForGarbageCollection).

import type { KubeObject } from '../../api/resource.js';
import { badRequest, fieldNotSupported, invalid, StatusError } from '../../machinery/status.js';
import { decodeKV } from '../watch-cache.js';
import type { RequestContext } from './context.js';
import type { Registry } from './registry.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
  orphanDependents?: boolean;
  /** client-go sends dryRun in the DeleteOptions body, not in the query. */
  dryRun?: string[];
}

const POLICIES = ['Orphan', 'Background', 'Foreground'];

export function checkDeleteOptions(o: DeleteOptions): void {
  if (o.gracePeriodSeconds !== undefined && (!Number.isInteger(o.gracePeriodSeconds) || o.gracePeriodSeconds < 0)) {
    throw badRequest(`gracePeriodSeconds: Invalid value: ${o.gracePeriodSeconds}: must be greater than or equal to 0`);
  }
  if (o.propagationPolicy !== undefined && !POLICIES.includes(o.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${o.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (o.dryRun !== undefined) {
    const bad = Array.isArray(o.dryRun) ? o.dryRun.filter((d) => d !== 'All') : [o.dryRun];
    if (bad.length > 0) throw invalid('DeleteOptions', '', bad.map((d) => fieldNotSupported('dryRun', d, ['All'])), 'meta.k8s.io');
  }
}

function preconditionFailed(msg: string, reg: Registry, name: string): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${reg.qualified} "${name}": Precondition failed: ${msg}`, { name, group: reg.rt.group, kind: reg.rt.plural });
}

/** Upstream's NamespaceLifecycle admission refuses to delete these. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export async function deleteObject(reg: Registry, ctx: RequestContext, namespace: string | undefined, name: string, opts: DeleteOptions): Promise<KubeObject> {
  checkDeleteOptions(opts);
  if (reg.rt.kind === 'Namespace' && !reg.rt.group && IMMORTAL_NAMESPACES.has(name)) {
    throw new StatusError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, group: '', kind: 'namespaces' });
  }
  if (opts.dryRun?.length && !ctx.dryRun) ctx = { ...ctx, dryRun: true };
  for (;;) {
    const kv = await reg.getKV(namespace, name);
    const obj = reg.out(decodeKV(kv));
    const meta = obj.metadata!;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) throw preconditionFailed(`UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`, reg, name);
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw preconditionFailed(`ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`, reg, name);
    }
    const grace = opts.gracePeriodSeconds ?? reg.rt.gracePeriodSeconds?.(obj) ?? 0;
    const finalizers = gcFinalizers(meta.finalizers ?? [], opts);
    if (grace === 0 && !reg.holdsDeletion({ ...obj, metadata: { ...meta, finalizers } })) {
      if (ctx.dryRun) return obj;
      try {
        return await reg.remove(namespace, name, kv, obj);
      } catch (e) {
        // Someone wrote in between: look again (preconditions are rechecked).
        if (e instanceof StatusError && e.code === 409) continue;
        throw e;
      }
    }
    return markDeleting(reg, ctx, namespace, name, grace, opts);
  }
}

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/**
 * The object's finalizers with the garbage collector's two set as the options ask: an
 * explicit orphanDependents or propagationPolicy wins; without either, a finalizer already
 * there stays (the default policy of every kind served here is Background).
 */
export function gcFinalizers(current: string[], opts: DeleteOptions): string[] {
  let orphan = current.includes(ORPHAN);
  let foreground = !orphan && current.includes(FOREGROUND);
  if (opts.orphanDependents !== undefined) {
    orphan = opts.orphanDependents;
    foreground = false;
  } else if (opts.propagationPolicy !== undefined) {
    orphan = opts.propagationPolicy === 'Orphan';
    foreground = opts.propagationPolicy === 'Foreground';
  }
  const rest = current.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  const next = [...rest, ...(orphan ? [ORPHAN] : []), ...(foreground ? [FOREGROUND] : [])];
  // Unchanged sets keep their order, so a repeated DELETE writes nothing.
  return next.length === current.length && next.every((f) => current.includes(f)) ? current : next;
}

/**
 * Sets deletionTimestamp (now + grace) unless already set with a shorter deadline, and the
 * garbage collector's finalizers. As upstream, a pending graceful deletion keeps its
 * finalizers: only a deletion without one (or one being shortened) may change them.
 */
function markDeleting(reg: Registry, ctx: RequestContext, namespace: string | undefined, name: string, grace: number, opts: DeleteOptions): Promise<KubeObject> {
  return reg.updateDeletionMarks(ctx, namespace, name, (obj) => {
    const meta = obj.metadata!;
    const pendingGrace = !!meta.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) > 0 && grace >= meta.deletionGracePeriodSeconds!;
    if (!pendingGrace) {
      const finalizers = gcFinalizers(meta.finalizers ?? [], opts);
      if (finalizers.length > 0) meta.finalizers = finalizers;
      else delete meta.finalizers;
    }
    const deadline = new Date(Date.now() + grace * 1000);
    const current = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : Infinity;
    if (deadline.getTime() < current) {
      meta.deletionTimestamp = deadline.toISOString().replace(/\.\d{3}Z$/, 'Z');
      meta.deletionGracePeriodSeconds = grace;
    }
    if (reg.rt.kind === 'Namespace' && !reg.rt.group) obj.status = { ...(obj.status as object), phase: 'Terminating' };
    return obj;
  });
}
