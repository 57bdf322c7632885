// Upstream's slowStartBatch: run `count` calls in batches of 1, 2, 4, … and stop at the
// first batch with a failure, so a template the API rejects (quota, admission, bad spec)
// costs a handful of failed requests instead of hundreds.

export const SLOW_START_INITIAL_BATCH = 1;

/** How many calls succeeded, and the first failure if any (the calls after its batch are skipped). */
export async function slowStartBatch(count: number, initialBatch: number, call: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => call()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}
