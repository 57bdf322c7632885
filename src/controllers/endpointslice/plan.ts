// Turning desired endpoints into slice writes with little churn (upstream's
// reconcileByAddressType, reconcileByPortMapping and finalize): keep endpoints where they
// are, update slices in place, top up slices that change anyway before touching unchanged
// ones, create slices only for what is left, and recycle slices due for deletion as the
// slices to create. Pure: it returns the writes, the controller performs them.

import type { Service } from '../../api/core/services.js';
import { deepCopy, deepEqual } from '../../machinery/deep.js';
import { endpointKey, endpointsEqualBeyondKey, portKey, type AddressType, type PortGroup } from './desired.js';
import { newSlice, ownedBy, sliceLabels } from './slice-meta.js';
import type { Slice, SliceEndpoint } from './types.js';

export interface SlicePlan {
  create: Slice[];
  update: Slice[];
  delete: Slice[];
}

/**
 * The writes that make `existing` (this service's managed slices of `addressType`) hold
 * exactly `groups`, at most `maxPerSlice` endpoints a slice.
 */
export function planSlices(svc: Service, addressType: AddressType, groups: Map<string, PortGroup>, existing: Slice[], maxPerSlice: number): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const existingByPorts = new Map<string, Slice[]>();
  for (const slice of existing) {
    // A slice of an earlier service with the same name goes; its garbage collection may lag.
    if (!ownedBy(slice, svc)) {
      plan.delete.push(slice);
      continue;
    }
    const key = portKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }
  for (const [key, group] of groups) {
    const p = planPortGroup(svc, addressType, group, existingByPorts.get(key) ?? [], maxPerSlice);
    plan.create.push(...p.create);
    plan.update.push(...p.update);
    plan.delete.push(...p.delete);
  }
  for (const [key, slices] of existingByPorts) if (!groups.has(key)) plan.delete.push(...slices);

  // A service with no endpoints still gets one empty slice, so consumers can tell "none" from "not yet".
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newSlice(svc, [], addressType);
    if (plan.delete.length === 1 && isSamePlaceholder(plan.delete[0]!, placeholder)) plan.delete = [];
    else plan.create.push(placeholder);
  }
  return recycleDeletions(svc, plan);
}

function planPortGroup(svc: Service, addressType: AddressType, group: PortGroup, existing: Slice[], max: number): SlicePlan {
  const desired = new Map(group.endpoints);
  const labels = sliceLabels(svc);
  const changed = new Map<string, Slice>();
  const unchanged = new Map<string, Slice>();
  const toDelete: Slice[] = [];

  // 1. Keep each existing slice's endpoints that are still desired, in their current version.
  for (const slice of existing) {
    const kept: SliceEndpoint[] = [];
    let endpointUpdated = false;
    for (const ep of slice.endpoints ?? []) {
      const key = endpointKey(ep);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, ep)) endpointUpdated = true;
      desired.delete(key);
    }
    const name = slice.metadata?.name ?? '';
    const labelsChanged = !deepEqual(slice.metadata?.labels ?? {}, labels);
    if (endpointUpdated || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.push(slice);
      else changed.set(name, withContent(slice, kept, labels));
    } else if (labelsChanged) {
      changed.set(name, withContent(slice, kept, labels));
    } else {
      unchanged.set(name, slice);
    }
  }

  const remaining = [...desired.values()];
  // 2. Top up the slices being written anyway, fullest first.
  for (const slice of [...changed.values()].sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0))) {
    while (remaining.length > 0 && slice.endpoints!.length < max) slice.endpoints!.push(remaining.shift()!);
  }

  // 3. Fit what is left into the unchanged slice it fills best, else into new slices.
  const create: Slice[] = [];
  while (remaining.length > 0) {
    let target = remaining.length < max ? closestToFull([...unchanged.values()], remaining.length, max) : undefined;
    if (target) {
      unchanged.delete(target.metadata!.name!);
      target = withContent(target, [...(target.endpoints ?? [])], labels);
      changed.set(target.metadata!.name!, target);
    } else {
      target = newSlice(svc, group.ports, addressType);
      create.push(target);
    }
    while (remaining.length > 0 && target.endpoints!.length < max) target.endpoints!.push(remaining.shift()!);
  }
  return { create, update: [...changed.values()], delete: toDelete };
}

function withContent(slice: Slice, endpoints: SliceEndpoint[], labels: Record<string, string>): Slice {
  const copy = deepCopy(slice);
  copy.endpoints = endpoints;
  copy.metadata = { ...copy.metadata, labels };
  return copy;
}

/** The slice that `n` more endpoints bring closest to `max` without passing it. */
function closestToFull(slices: Slice[], n: number, max: number): Slice | undefined {
  let best: Slice | undefined;
  let bestGap = max;
  for (const s of slices) {
    const gap = max - (n + (s.endpoints?.length ?? 0));
    if (gap >= 0 && gap < bestGap) {
      best = s;
      bestGap = gap;
    }
  }
  return best;
}

function isSamePlaceholder(slice: Slice, placeholder: Slice): boolean {
  return (
    slice.metadata?.namespace === placeholder.metadata?.namespace &&
    deepEqual(slice.metadata?.labels ?? {}, placeholder.metadata?.labels) &&
    deepEqual(slice.metadata?.ownerReferences ?? [], placeholder.metadata?.ownerReferences) &&
    slice.addressType === placeholder.addressType &&
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0
  );
}

/** Turns creates into updates of slices about to be deleted (same owner and address type): one write instead of two. */
function recycleDeletions(svc: Service, plan: SlicePlan): SlicePlan {
  const create = [...plan.create];
  const update = [...plan.update];
  const remove: Slice[] = [];
  for (const old of plan.delete) {
    const fresh = create.length > 0 && old.addressType === create[create.length - 1]!.addressType && ownedBy(old, svc) ? create.pop()! : undefined;
    if (!fresh) {
      remove.push(old);
      continue;
    }
    const { generateName: _, ...meta } = fresh.metadata ?? {};
    update.push({ ...fresh, metadata: { ...old.metadata, ...meta, name: old.metadata?.name } });
  }
  return { create, update, delete: remove };
}
