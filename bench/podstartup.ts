// `npm run bench -- podstartup`: 100 pods on one real node, once per runtime: the time from
// a pod's creation to its Running, both seen through a watch (p50, p99). Pods are created
// one every 100 ms, as upstream's node density tests space them (the target applies there),
// and, on a fresh cluster, 100 all at once, to show what a burst costs. The cluster runs in
// a network namespace of its own, so the measuring half runs in there too
// (bench/podstartup-measure.ts, started with the harness's exec).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { busyboxImage, writeOciImage } from '../src/kubelet/image/index.js';
import { REPO, startCluster } from '../test/e2e/harness.js';
import { progress } from './stats.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
/** Both by default; `BENCH_RUNTIMES=containerd` measures one, as K8TS_E2E_RUNTIMES picks them in the e2e tests. */
const RUNTIMES = (process.env.BENCH_RUNTIMES?.split(',') ?? ['process', 'containerd']) as Array<'process' | 'containerd'>;
const IMAGE = 'localhost/busybox:1';
const INTERVAL_MS = 100;
const TARGETS_MS = { process: 300, containerd: 1000 };

const MODES = { every100ms: INTERVAL_MS, burst: 0 } as const;

/**
 * One fresh cluster per runtime and mode: pods deleted at the end of one run are still being
 * torn down (CNI DEL, sandbox removal) when the next would start, and would be measured with it.
 */
async function measure(runtime: 'process' | 'containerd', mode: keyof typeof MODES): Promise<unknown> {
  progress(`starting k8ts with the ${runtime} runtime`);
  const cluster = await startCluster({ agent: { runtime } });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'k8ts-bench-'));
  try {
    if (runtime === 'containerd') {
      const tar = path.join(scratch, 'busybox.tar');
      await writeOciImage(busyboxImage(IMAGE), tar);
      const r = await cluster.exec(path.join(REPO, 'k8ts'), ['images', 'import', tar, '--data-dir', cluster.dataDir]);
      assert.equal(r.code, 0, r.stderr);
    }
    progress(`creating ${PODS} pods (${runtime}, ${mode})`);
    const args = [path.join(REPO, 'bench/podstartup-measure.ts'), cluster.kubeconfig, String(PODS), IMAGE, String(MODES[mode]), mode.toLowerCase()];
    const r = await cluster.exec('node', ['--import', 'tsx', ...args], { timeoutMs: 10 * 60_000 });
    if (r.code !== 0) throw new Error(`measuring on ${runtime} failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    await cluster.stop();
    cluster.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const runtime of RUNTIMES) {
    const byMode: Record<string, unknown> = {};
    for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) byMode[mode] = await measure(runtime, mode);
    results[runtime] = byMode;
  }
  return { results, targets: { createdToRunningP99Ms: TARGETS_MS, appliesTo: 'every100ms' } };
}
