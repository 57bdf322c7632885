// Finding the host's cgroup hierarchies and the v1 → v2 conversions.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { cpuMax, detectCgroups, oomKillCount, parseCgroupMounts, sharesToWeight } from '../../../src/kubelet/cgroups/index.js';

// The hybrid layout of the development machines (cpu and cpuacct mounted separately).
const HYBRID = [
  '30 24 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '31 30 0:27 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '32 30 0:28 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct',
  '33 30 0:29 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '34 30 0:30 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
  '35 30 0:31 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
  '36 30 0:32 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');
const COMBINED = '40 30 0:33 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n41 30 0:34 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory';
const UNIFIED = '25 24 0:22 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate';

it('reads v1 controllers (separate or combined) and ignores a hybrid host\'s controller-less cgroup2', () => {
  const h = parseCgroupMounts(HYBRID);
  assert.equal(h.unified, undefined);
  assert.equal(h.v1.get('memory'), '/sys/fs/cgroup/memory');
  assert.equal(h.v1.get('cpuacct'), '/sys/fs/cgroup/cpuacct');
  assert.equal(h.v1.has('name=systemd'), false);
  const c = parseCgroupMounts(COMBINED);
  assert.equal(c.v1.get('cpu'), '/sys/fs/cgroup/cpu,cpuacct');
  assert.equal(c.v1.get('cpuacct'), '/sys/fs/cgroup/cpu,cpuacct');
});

it('picks v2 on a unified host and v1 on a hybrid one, joining each hierarchy once', () => {
  assert.equal(detectCgroups(UNIFIED)?.version, 2);
  assert.deepEqual(detectCgroups(UNIFIED)?.procsFiles('/k8ts/pod1/c1'), ['/sys/fs/cgroup/k8ts/pod1/c1/cgroup.procs']);
  assert.equal(detectCgroups(HYBRID)?.version, 1);
  assert.deepEqual(detectCgroups(COMBINED)?.procsFiles('/p/c'), ['/sys/fs/cgroup/memory/p/c/cgroup.procs', '/sys/fs/cgroup/cpu,cpuacct/p/c/cgroup.procs']);
  assert.equal(detectCgroups('nothing here'), undefined);
});

it('converts shares to weight and quota to cpu.max as the kubelet does', () => {
  assert.equal(sharesToWeight(2), 1);
  assert.equal(sharesToWeight(1024), 39);
  assert.equal(sharesToWeight(262144), 10000);
  assert.equal(cpuMax(50000, 100000), '50000 100000');
  assert.equal(cpuMax(0, 100000), 'max 100000');
});

it('reads the oom_kill counter of v1 memory.oom_control and v2 memory.events', () => {
  assert.equal(oomKillCount('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n'), 2);
  assert.equal(oomKillCount('low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n'), 1);
  assert.equal(oomKillCount('oom_kill_disable 0\nunder_oom 0\n'), 0);
});

it('refuses to remove (and so to kill everything in) a hierarchy\'s root', async () => {
  for (const mountinfo of [HYBRID, UNIFIED]) {
    const cg = detectCgroups(mountinfo)!;
    for (const p of ['', '/', '//.']) {
      await assert.rejects(cg.remove(p), /refusing to remove the root cgroup/);
      await assert.rejects(cg.removeEmpty(p), /refusing/);
    }
  }
});
