// WATCH served from the watch cache: initial state (when asked), then every change, with
// selectors applied to both the old and the new state so that an object moving out of a
// selection is seen as DELETED and one moving in as ADDED, as upstream does.

import type { KubeObject } from '../../api/resource.js';
import { badRequest } from '../../machinery/status.js';
import type { CacheEvent, EventType } from '../watch-cache.js';
import type { ObjectFilter } from './filter.js';
import type { Registry } from './registry.js';

export interface WatchRequest {
  namespace?: string;
  filter?: ObjectFilter;
  /** Absent or "" = from the newest state with initial ADDED events; "0" = same, from any state; N = changes after N. */
  resourceVersion?: string;
  /** sendInitialEvents (watch-list): initial events, then a bookmark marking their end. */
  sendInitialEvents?: boolean;
}

export interface WatchSink {
  /** `encoded` is the object's JSON, shared between watchers of the same version. */
  event(type: EventType, obj: KubeObject, encoded: () => string): void;
  /** A BOOKMARK at `rv`; `initialEventsEnd` marks the end of watch-list's initial events. */
  bookmark(rv: number, initialEventsEnd: boolean): void;
}

export async function startWatch(reg: Registry, req: WatchRequest, sink: WatchSink): Promise<() => void> {
  const prefix = reg.prefix(req.namespace);
  const matches = (o: KubeObject | undefined) => o !== undefined && (!req.filter || req.filter(o));
  const rvParam = req.resourceVersion ?? '';
  const initial = req.sendInitialEvents ?? (rvParam === '' || rvParam === '0');
  let fromRv: number;
  if (rvParam === '' || rvParam === '0') {
    if (rvParam === '') await reg.cache.sync();
    else await reg.cache.whenReady();
    fromRv = reg.cache.rv;
  } else {
    if (!/^\d+$/.test(rvParam)) throw badRequest(`invalid resource version: ${rvParam}`);
    fromRv = Number(rvParam);
    await reg.cache.waitFor(fromRv);
  }
  const encode = (ev: CacheEvent, obj: KubeObject) => () => {
    ev.encoded ??= new Map();
    let s = ev.encoded.get(reg.apiVersion);
    if (s === undefined) ev.encoded.set(reg.apiVersion, (s = JSON.stringify(obj)));
    return s;
  };
  if (initial) {
    for (const { obj } of reg.cache.snapshot(prefix)) {
      if (!matches(obj)) continue;
      const out = reg.out(obj);
      sink.event('ADDED', out, () => JSON.stringify(out));
    }
    if (req.sendInitialEvents) sink.bookmark(fromRv, true);
  }
  return reg.cache.subscribe(fromRv, (events) => {
    for (const ev of events) {
      if (!ev.key.startsWith(prefix)) continue;
      const type = transition(ev, matches);
      if (!type) continue;
      const obj = reg.out(ev.obj);
      sink.event(type, obj, encode(ev, obj));
    }
  });
}

/** What a filtered watcher sees of an event, or nothing. */
function transition(ev: CacheEvent, matches: (o: KubeObject | undefined) => boolean): EventType | undefined {
  const now = matches(ev.obj);
  if (ev.type !== 'MODIFIED') return now ? ev.type : undefined;
  const before = matches(ev.prev);
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}
