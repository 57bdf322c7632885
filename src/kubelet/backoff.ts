// Per-key exponential backoff as the kubelet's (client-go's flowcontrol.Backoff) for container
// restarts and image pulls: the first retry is immediate, each next one waits twice as long up
// to a maximum, and a key not retried for `resetAfterMs` starts over from the base.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Upstream resets after 2 × max (10 min): a container that ran that long restarts at once again. */
  resetAfterMs?: number;
  now?: () => number;
}

interface Entry {
  delayMs: number;
  lastUpdateMs: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();
  readonly baseMs: number;
  readonly maxMs: number;
  private readonly resetAfterMs: number;
  private readonly now: () => number;

  constructor(o: BackoffOptions = {}) {
    this.baseMs = o.baseMs ?? 10_000;
    this.maxMs = o.maxMs ?? 300_000;
    this.resetAfterMs = o.resetAfterMs ?? 2 * this.maxMs;
    this.now = o.now ?? Date.now;
  }

  /** The current delay of `key` (0 when it has none). */
  delay(key: string): number {
    return this.live(key)?.delayMs ?? 0;
  }

  /** Still waiting: `eventMs` (when the container exited) is less than the current delay ago. */
  isInBackOffSince(key: string, eventMs: number): boolean {
    const e = this.live(key);
    return e !== undefined && this.now() - eventMs < e.delayMs;
  }

  /** Still waiting since the last retry was recorded (image pulls: upstream's IsInBackOffSinceUpdate). */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.live(key);
    return e !== undefined && this.now() - e.lastUpdateMs < e.delayMs;
  }

  /** When the wait since the last recorded retry is over. */
  readyAtSinceUpdate(key: string): number {
    const e = this.live(key);
    return e ? e.lastUpdateMs + e.delayMs : this.now();
  }

  /** When the wait that started at `eventMs` is over. */
  readyAt(key: string, eventMs: number): number {
    return eventMs + this.delay(key);
  }

  /** Records a retry: the delay starts at the base, or doubles (capped at the maximum). */
  next(key: string): void {
    const e = this.live(key);
    const delayMs = e ? Math.min(e.delayMs * 2, this.maxMs) : this.baseMs;
    this.entries.set(key, { delayMs, lastUpdateMs: this.now() });
  }

  /** Forgets every key starting with `prefix` (a pod that is gone). */
  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && this.now() - e.lastUpdateMs > this.resetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}

/** A duration the way Go's time.Duration prints it (`10s`, `1m20s`, `5m0s`, `250ms`), as upstream's messages show it. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
