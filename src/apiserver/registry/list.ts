// LIST with upstream's resourceVersion semantics and paging:
// - no resourceVersion: a consistent read (the cache first catches up with storage);
// - resourceVersion=0: whatever the cache has;
// - resourceVersion=N with resourceVersionMatch=Exact, or a continue token: read storage at that revision.
// A continue token pins the first page's revision; once compacted it is 410 Expired.

import type { KubeObject } from '../../api/resource.js';
import { badRequest, expired } from '../../machinery/status.js';
import { CompactedError } from '../../storage/index.js';
import { decodeKV } from '../watch-cache.js';
import { CONTINUE_EXPIRED, decodeContinue, encodeContinue } from './continue-token.js';
import type { ObjectFilter } from './filter.js';
import type { Registry } from './registry.js';

export interface ListOptions {
  namespace?: string;
  filter?: ObjectFilter;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function parseLimit(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid value for limit: ${v}`);
  return n === 0 ? undefined : n;
}

function parseRv(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw badRequest(`invalid resource version: ${v}`);
  return n;
}

export async function listObjects(reg: Registry, opts: ListOptions): Promise<ListResult> {
  const prefix = reg.prefix(opts.namespace);
  const match = opts.resourceVersionMatch;
  if (match && match !== 'Exact' && match !== 'NotOlderThan') {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  }
  if (match && !opts.resourceVersion) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (opts.continue) {
    if (opts.resourceVersion && opts.resourceVersion !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    const { rv, startKey } = decodeContinue(opts.continue);
    return fromStorage(reg, prefix, opts, rv, startKey);
  }
  if (match === 'Exact') return fromStorage(reg, prefix, opts, parseRv(opts.resourceVersion!), prefix);
  if (opts.resourceVersion && opts.resourceVersion !== '0') await reg.cache.waitFor(parseRv(opts.resourceVersion));
  else if (!opts.resourceVersion) await reg.cache.sync();
  else await reg.cache.whenReady();
  return fromCache(reg, prefix, opts);
}

function fromCache(reg: Registry, prefix: string, opts: ListOptions): ListResult {
  const rv = reg.cache.rv;
  const items: KubeObject[] = [];
  const all = reg.cache.snapshot(prefix);
  let i = 0;
  for (; i < all.length; i++) {
    if (opts.limit !== undefined && items.length >= opts.limit) break;
    const obj = all[i].obj;
    if (!opts.filter || opts.filter(obj)) items.push(reg.out(obj));
  }
  if (i >= all.length) return { items, resourceVersion: String(rv) };
  // More follow: the rest is read from storage at this same revision.
  const remaining = opts.filter ? undefined : all.length - i;
  return { items, resourceVersion: String(rv), continue: encodeContinue(rv, all[i].key), remainingItemCount: remaining };
}

async function fromStorage(reg: Registry, prefix: string, opts: ListOptions, rv: number, startKey: string): Promise<ListResult> {
  if (!startKey.startsWith(prefix)) throw badRequest('continue key is not valid: the key does not belong to this list');
  const items: KubeObject[] = [];
  let next = startKey;
  try {
    // With a filter a page may need several storage reads to fill.
    for (;;) {
      const want = opts.limit === undefined ? undefined : opts.limit - items.length;
      const page = await reg.store.list(prefix, { revision: rv, limit: want, startKey: next });
      for (const kv of page.items) {
        const obj = decodeKV(kv);
        if (!opts.filter || opts.filter(obj)) items.push(reg.out(obj));
      }
      if (!page.more) return { items, resourceVersion: String(rv) };
      next = page.items[page.items.length - 1].key + '\0';
      if (opts.limit !== undefined && items.length >= opts.limit) {
        return { items, resourceVersion: String(rv), continue: encodeContinue(rv, next), remainingItemCount: opts.filter ? undefined : page.remaining };
      }
    }
  } catch (e) {
    if (e instanceof CompactedError) throw opts.continue ? expired(CONTINUE_EXPIRED) : expired(`too old resource version: ${rv} (${e.compacted})`);
    throw e;
  }
}
