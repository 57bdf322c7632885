// Empties terminating namespaces, then releases them: for every namespace being deleted,
// delete each namespaced object in it, and once nothing is left clear spec.finalizers
// (the `kubernetes` finalizer) so the namespace itself goes. Upstream runs this in the
// controller manager; it lives beside the registries until controllers exist (issue 3).

import type { KubeObject } from '../api/resource.js';
import { StatusError } from '../machinery/status.js';
import type { RequestContext } from './registry/context.js';
import { deleteObject } from './registry/delete.js';
import type { Registries } from './registries.js';

const SYSTEM: RequestContext = {
  user: { username: 'system:serviceaccount:kube-system:namespace-controller', groups: ['system:serviceaccounts'] },
  dryRun: false,
  fieldManager: 'kube-controller-manager',
  fieldValidation: 'Ignore',
  warnings: [],
};
const RETRY_MS = 1000;

export class NamespaceFinalizer {
  private pending = new Set<string>();
  private running = false;
  private stopped = false;
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;

  constructor(private readonly regs: Registries) {}

  start(): void {
    const cache = this.regs.namespaces.cache;
    for (const obj of cache.objects.values()) this.consider(obj);
    this.unsubscribe = cache.subscribe(cache.rv, (events) => {
      for (const ev of events) if (ev.type !== 'DELETED') this.consider(ev.obj);
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
  }

  private consider(ns: KubeObject): void {
    if (!ns.metadata?.deletionTimestamp) return;
    this.pending.add(ns.metadata.name!);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (const name of [...this.pending]) {
        this.pending.delete(name);
        // A failure (a conflict, storage trouble) is retried on the next round.
        const done = await this.finalize(name).catch(() => false);
        if (!done) this.pending.add(name);
      }
    } finally {
      this.running = false;
    }
    // Objects with finalizers or grace periods leave later: look again shortly.
    if (this.pending.size > 0 && !this.stopped) this.timer = setTimeout(() => void this.drain(), RETRY_MS);
  }

  /** Deletes what is left in the namespace; true once it is empty and released. */
  private async finalize(name: string): Promise<boolean> {
    let remaining = 0;
    for (const reg of this.regs.all) {
      if (!reg.rt.namespaced || !reg.rt.verbs.includes('delete')) continue;
      // Several versions may share storage; only delete through the first.
      if (this.regs.all.find((r) => r.rt.storageResource === reg.rt.storageResource) !== reg) continue;
      for (const { obj } of reg.cache.snapshot(reg.prefix(name))) {
        remaining++;
        if (obj.metadata?.deletionTimestamp) continue;
        await ignoreNotFound(deleteObject(reg, SYSTEM, name, obj.metadata!.name!, {}));
      }
    }
    if (remaining > 0) return false;
    const nsReg = this.regs.namespaces;
    await ignoreNotFound(nsReg.update(SYSTEM, undefined, name, (ns) => ({ ...ns, spec: { ...(ns.spec as object), finalizers: [] } }), { subresource: 'finalize', trusted: true }));
    return true;
  }
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) throw e;
  }
}
