// What this controller has written but its informer may not have seen yet (upstream's
// EndpointSliceTracker). A sync that planned from a cache missing its own last writes would
// create duplicate slices, so such a sync fails and is retried; and the informer echo of a
// write of ours is not a reason to sync again. EndpointSlices carry no generation here, so
// writes are recognised by the resourceVersion before and after them.

import type { Slice } from './types.js';

type Expectation = { deleted: true } | { deleted: false; before?: string; after: string };

export class SliceTracker {
  /** service key → slice uid → what the cache should come to show. */
  private readonly byService = new Map<string, Map<string, Expectation>>();

  /** After creating or updating `slice` (the server's reply); `before` is the resourceVersion it replaced. */
  written(serviceKey: string, slice: Slice, before?: string): void {
    this.expectations(serviceKey).set(uid(slice), { deleted: false, before, after: slice.metadata?.resourceVersion ?? '' });
  }

  deleted(serviceKey: string, slice: Slice): void {
    this.expectations(serviceKey).set(uid(slice), { deleted: true });
  }

  /** True when `cached` (the informer's slices of the service) does not yet show every write of ours. */
  isStale(serviceKey: string, cached: Slice[]): boolean {
    const byUid = new Map(cached.map((s) => [uid(s), s]));
    for (const [id, exp] of this.byService.get(serviceKey) ?? []) {
      const seen = byUid.get(id);
      if (exp.deleted ? seen !== undefined : seen === undefined || seen.metadata?.resourceVersion === exp.before) return true;
    }
    return false;
  }

  /** Whether an informer add/update of `slice` is news (not the echo of our own write). */
  shouldSync(serviceKey: string, slice: Slice): boolean {
    const exp = this.byService.get(serviceKey)?.get(uid(slice));
    return !exp || exp.deleted || exp.after !== slice.metadata?.resourceVersion;
  }

  /** Forgets a slice the informer saw deleted; true when we did not delete it ourselves. */
  handleDeletion(serviceKey: string, slice: Slice): boolean {
    const forService = this.byService.get(serviceKey);
    const exp = forService?.get(uid(slice));
    forService?.delete(uid(slice));
    return !exp?.deleted;
  }

  deleteService(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }

  private expectations(serviceKey: string): Map<string, Expectation> {
    let m = this.byService.get(serviceKey);
    if (!m) this.byService.set(serviceKey, (m = new Map()));
    return m;
  }
}

function uid(slice: Slice): string {
  return slice.metadata?.uid ?? '';
}
