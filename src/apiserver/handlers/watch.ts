// The watch stream (compat reference §4): HTTP 200, chunked, one JSON event per line,
// flushed as it happens. Errors after the stream started (a too-old resourceVersion) are
// an ERROR event carrying a Status, as upstream's watch cache sends them.

import type { KubeObject } from '../../api/resource.js';
import { badRequest, StatusError } from '../../machinery/status.js';
import type { ResponseFormat } from '../codec.js';
import { queryBool } from '../registry/context.js';
import { buildFilter } from '../registry/filter.js';
import type { Registry } from '../registry/registry.js';
import { startWatch } from '../registry/watch.js';
import { parseIncludeObject, toTable } from '../table.js';
import type { Call } from './resource.js';

/** Upstream closes watches after 30–60 minutes (a random share spreads reconnects). */
const DEFAULT_TIMEOUT_S = 1800;
const BOOKMARK_INTERVAL_MS = 30_000;
/** A watcher this far behind is closed instead of buffering without end; it re-watches. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export async function serveWatch(reg: Registry, call: Call, namespace: string | undefined, format: ResponseFormat): Promise<void> {
  const { req, res, url } = call;
  const q = url.searchParams;
  const filter = buildFilter(reg.rt, q.get('labelSelector'), q.get('fieldSelector'));
  const bookmarks = queryBool(q, 'allowWatchBookmarks');
  const sendInitialEvents = q.has('sendInitialEvents') ? queryBool(q, 'sendInitialEvents') : undefined;
  if (sendInitialEvents !== undefined && q.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw badRequest('sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan');
  }
  if (sendInitialEvents && !bookmarks) throw badRequest('allowWatchBookmarks: Forbidden: allowWatchBookmarks must be set to true when sendInitialEvents is set');
  const timeoutParam = q.get('timeoutSeconds');
  const timeoutS = timeoutParam !== null ? Number(timeoutParam) : DEFAULT_TIMEOUT_S * (1 + Math.random());
  if (!Number.isFinite(timeoutS) || timeoutS < 0) throw badRequest(`invalid value for timeoutSeconds: ${timeoutParam}`);
  const include = format.table ? parseIncludeObject(q.get('includeObject')) : 'Object';

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.socket?.setNoDelay(true);
  // Send the headers now, as upstream flushes after WriteHeader: client-go's Watch() returns
  // only once they arrive, and a quiet watch may have no event to carry them for minutes.
  res.flushHeaders();
  let open = true;
  let firstTable = true;
  let stop: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const close = () => {
    if (!open) return;
    open = false;
    stop?.();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  const write = (line: string) => {
    if (!open) return;
    res.write(line);
    if (res.writableLength > MAX_BUFFERED_BYTES) close();
  };
  const writeEvent = (type: string, obj: KubeObject, encoded: () => string) => {
    if (!format.table) return write(`{"type":"${type}","object":${encoded()}}\n`);
    const table = toTable(reg.rt, [obj], include, { resourceVersion: obj.metadata?.resourceVersion }, firstTable);
    firstTable = false;
    write(`{"type":"${type}","object":${JSON.stringify(table)}}\n`);
  };
  const bookmark = (rv: number, initialEventsEnd: boolean) => {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: reg.rt.kind, apiVersion: reg.apiVersion, metadata } })}\n`);
  };
  req.on('close', close);
  timers.push(setTimeout(close, timeoutS * 1000));
  try {
    stop = await startWatch(reg, { namespace, filter, resourceVersion: q.get('resourceVersion') ?? undefined, sendInitialEvents }, { event: writeEvent, bookmark });
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    write(`${JSON.stringify({ type: 'ERROR', object: e.toStatus() })}\n`);
    return close();
  }
  if (!open) return stop();
  if (bookmarks) {
    const tick = () => {
      bookmark(reg.cache.rv, false);
      timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
    };
    timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
  }
}
