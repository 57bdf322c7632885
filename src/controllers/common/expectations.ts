// Controller expectations (upstream's controller_utils.go ControllerExpectations): a
// controller that has just asked for N creates (or deletes) must not act on that object
// again until its informer has seen them, or a cache lagging behind the API would make it
// create the same pods twice. Each owner key records how many creates and deletes are still
// unobserved; the informer handlers count them down. Expectations older than five minutes
// are treated as satisfied, so a lost watch event can only delay a controller, never wedge it.

/** How long expectations may stay unfulfilled before the controller syncs anyway (upstream's ExpectationsTimeout). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  setAtMs: number;
}

export class ControllerExpectations {
  private readonly store = new Map<string, Expectation>();

  constructor(protected readonly now: () => number = Date.now) {}

  /** True when `key` may be synced: nothing expected, everything observed, or the expectations expired. */
  satisfiedExpectations(key: string): boolean {
    const exp = this.store.get(key);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.now() - exp.setAtMs > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Replaces `key`'s expectations with `n` creates (and restarts the timeout). */
  expectCreations(key: string, n: number): void {
    this.store.set(key, { add: n, del: 0, setAtMs: this.now() });
  }

  /** Replaces `key`'s expectations with `n` deletes (and restarts the timeout). */
  expectDeletions(key: string, n: number): void {
    this.store.set(key, { add: 0, del: n, setAtMs: this.now() });
  }

  /** One expected create was seen (or will never happen because it failed). */
  creationObserved(key: string): void {
    this.lower(key, 1, 0);
  }

  /** One expected delete was seen (or will never happen because it failed). */
  deletionObserved(key: string): void {
    this.lower(key, 0, 1);
  }

  /** Forgets `key` (its owner was deleted). */
  deleteExpectations(key: string): void {
    this.store.delete(key);
  }

  /** The unobserved counts, for logs and tests. */
  get(key: string): { add: number; del: number } | undefined {
    const exp = this.store.get(key);
    return exp && { add: exp.add, del: exp.del };
  }

  private lower(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (!exp) return;
    exp.add -= add;
    exp.del -= del;
  }
}

/**
 * Upstream's UIDTrackingControllerExpectations: deletes are expected of named pods, so a pod
 * seen twice on its way out (marked for deletion, then gone) is counted once.
 */
export class UIDTrackingExpectations extends ControllerExpectations {
  private readonly pendingDeletes = new Map<string, Set<string>>();

  /** Expects the deletion of the pods with these keys. */
  expectDeletionsOf(key: string, podKeys: string[]): void {
    this.pendingDeletes.set(key, new Set(podKeys));
    this.expectDeletions(key, podKeys.length);
  }

  /** `podKey` is gone (or going): counts once per expected pod, and not at all for others. */
  deletionObservedOf(key: string, podKey: string): void {
    const pending = this.pendingDeletes.get(key);
    if (!pending?.delete(podKey)) return;
    this.deletionObserved(key);
  }

  override deleteExpectations(key: string): void {
    this.pendingDeletes.delete(key);
    super.deleteExpectations(key);
  }
}
