// Per-pod garbage collection on the fake runtime: the newest instance of each container and
// the newest exited one stay; older exited instances go with their log files; dead sandboxes
// without containers go too.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { collectGarbage } from '../../../src/kubelet/container-gc.js';
import { podRuntimeState } from '../../../src/kubelet/pod-runtime.js';
import { FakeRuntime } from '../../../src/kubelet/runtime/fake/index.js';
import type { ContainerConfig, SandboxConfig } from '../../../src/kubelet/runtime/types.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'k8ts-gc-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const sandbox = (attempt: number): SandboxConfig => ({
  name: 'p', namespace: 'ns', uid: 'u1', attempt, hostname: 'p', logDirectory: dir, hostNetwork: false, portMappings: [], cgroupParent: '/k8ts/podu1',
  labels: { 'io.kubernetes.pod.uid': 'u1' }, annotations: {},
});

const container = (name: string, attempt: number): ContainerConfig => ({
  name, attempt, image: 'img', command: [], args: [], env: [], mounts: [], logPath: `${name}/${attempt}.log`, stdin: false, stdinOnce: false, tty: false,
  resources: { cpuQuota: 0, cpuPeriod: 100_000, cpuShares: 2, memoryLimitBytes: 0 }, labels: {}, annotations: {},
});

async function run(rt: FakeRuntime, sandboxId: string, name: string, attempt: number, exitCode?: number): Promise<string> {
  const cfg = container(name, attempt);
  const id = await rt.createContainer(sandboxId, cfg, sandbox(0));
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, cfg.logPath), 'log\n');
  await rt.startContainer(id);
  if (exitCode !== undefined) rt.exit(id, exitCode);
  return id;
}

it('keeps the newest instance and the newest exited one of each container', async () => {
  const rt = new FakeRuntime();
  const old = await rt.runPodSandbox(sandbox(0));
  await rt.stopPodSandbox(old);
  const sb = await rt.runPodSandbox(sandbox(1));
  const a0 = await run(rt, sb, 'a', 0, 1);
  const a1 = await run(rt, sb, 'a', 1, 1);
  const a2 = await run(rt, sb, 'a', 2);
  const b0 = await run(rt, sb, 'b', 0, 1);
  const b1 = await run(rt, sb, 'b', 1, 1);
  await collectGarbage(rt, await podRuntimeState(rt, 'u1'));
  const left = new Set((await rt.listContainers()).map((c) => c.id));
  assert.deepEqual([a0, a1, a2, b0, b1].map((id) => left.has(id)), [false, true, true, false, true]);
  assert.deepEqual(['a/0.log', 'a/1.log', 'a/2.log', 'b/0.log', 'b/1.log'].map((f) => existsSync(path.join(dir, f))), [false, true, true, false, true]);
  assert.deepEqual((await rt.listPodSandboxes()).map((s) => s.id), [sb]);
});
