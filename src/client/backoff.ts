// Waiting between retries: exponential backoff with jitter (client-go's reflector uses 800 ms
// doubling to 30 s), and a sleep that a stop cuts short.

export class Backoff {
  private current: number;

  constructor(
    private readonly initialMs = 800,
    private readonly maxMs = 30_000,
  ) {
    this.current = initialMs;
  }

  /** The next wait: the current step plus up to 100% jitter, so clients that failed together spread out. */
  next(): number {
    const wait = this.current * (1 + Math.random());
    this.current = Math.min(this.current * 2, this.maxMs);
    return Math.min(wait, this.maxMs);
  }

  reset(): void {
    this.current = this.initialMs;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
