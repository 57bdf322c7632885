// The cgroup managers on the real kernel (root). The machines are hybrid: v1 controllers do
// the work, and /sys/fs/cgroup/unified is a cgroup2 without them, which still exercises the
// v2 manager's directories, joining, listing, draining and removal (not its limit files).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import { detectCgroups, type Cgroups } from '../../src/kubelet/cgroups/index.js';

const isRoot = process.getuid?.() === 0;
const tag = randomBytes(3).toString('hex');
const UNIFIED_ONLY = '36 30 0:32 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw';

/** A process that joins `cg` itself before exec'ing sleep, as the runtime's wrapper does. */
function joinedSleeper(cg: Cgroups, cgPath: string) {
  const joins = cg.procsFiles(cgPath).map((f) => `echo $$ > '${f}'`).join('; ');
  return spawn('sh', ['-c', `${joins}; exec sleep 100`], { stdio: 'ignore' });
}

async function until(fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}

it('v1: creates a cgroup per hierarchy with its limits, joins, lists, drains and removes it', { skip: !isRoot && 'needs root' }, async () => {
  const cg = detectCgroups()!;
  assert.equal(cg.version, 1);
  const top = `/k8ts-cgtest-${tag}`;
  const p = `${top}/pod1/c1`;
  await cg.create(p, { memoryLimitBytes: 48 * 1024 * 1024, cpuQuota: 25000, cpuPeriod: 100000, cpuShares: 512 });
  try {
    assert.equal(readFileSync(`/sys/fs/cgroup/memory${p}/memory.limit_in_bytes`, 'utf8').trim(), String(48 * 1024 * 1024));
    assert.equal(readFileSync(`/sys/fs/cgroup/cpu${p}/cpu.cfs_quota_us`, 'utf8').trim(), '25000');
    assert.equal(readFileSync(`/sys/fs/cgroup/cpu${p}/cpu.shares`, 'utf8').trim(), '512');
    assert.ok(existsSync(`/sys/fs/cgroup/pids${p}`) && existsSync(`/sys/fs/cgroup/cpuacct${p}`));
    const child = joinedSleeper(cg, p);
    await until(async () => (await cg.pids(p)).includes(child.pid!));
    assert.ok(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8').includes(`:cpu:${p}\n`));
    assert.equal(await cg.oomKilled(p), false);
    const gone = new Promise((r) => child.once('exit', (_c, sig) => r(sig)));
    await cg.remove(p);
    assert.equal(await gone, 'SIGKILL');
    for (const h of ['memory', 'cpu', 'cpuacct', 'pids']) assert.ok(!existsSync(`/sys/fs/cgroup/${h}${p}`));
    await cg.remove(p); // tolerant of absence
  } finally {
    await cg.removeEmpty(`${top}/pod1`);
    await cg.removeEmpty(top);
  }
  assert.ok(!existsSync(`/sys/fs/cgroup/memory${top}`));
});

it('v2: directories, joining, listing, draining and removal on a cgroup2 hierarchy', { skip: !isRoot && 'needs root' }, async () => {
  const cg = detectCgroups(UNIFIED_ONLY)!;
  assert.equal(cg.version, 2);
  const top = `/k8ts-cgtest-${tag}`;
  const p = `${top}/pod1/c1`;
  await cg.create(p, { memoryLimitBytes: 0, cpuQuota: 0, cpuPeriod: 100000, cpuShares: 0 });
  try {
    const child = joinedSleeper(cg, p);
    await until(async () => (await cg.pids(p)).includes(child.pid!));
    assert.ok(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8').includes(`0::${p}\n`));
    assert.equal(await cg.oomKilled(p), false);
    await cg.remove(p);
    assert.ok(!existsSync(`/sys/fs/cgroup/unified${p}`));
    assert.equal(await cg.pids(p).then((x) => x.length), 0);
  } finally {
    await cg.removeEmpty(`${top}/pod1`);
    await cg.removeEmpty(top);
  }
  assert.ok(!existsSync(`/sys/fs/cgroup/unified${top}`));
});
