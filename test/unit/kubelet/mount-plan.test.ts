// Planning a container's mounts: existing targets are bound directly; missing ones are made
// inside a tmpfs "shadow" of their nearest existing directory (symlinks followed), and a
// missing top-level directory makes the shadow of `/` the container's root.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { planMounts, SHADOW_FUNCTION, type HostFs } from '../../../src/kubelet/runtime/process/mount-plan.js';

/** A small host filesystem: path → kind, and symlink targets. */
function fakeFs(entries: Record<string, 'dir' | 'file' | string>): HostFs {
  return {
    kind: (p) => {
      const e = entries[p];
      if (e === undefined) return undefined;
      return e === 'dir' || e === 'file' ? e : 'symlink';
    },
    realpath: (p) => entries[p]!,
  };
}

const fs = fakeFs({ '/etc': 'dir', '/etc/resolv.conf': 'file', '/var': 'dir', '/var/run': '/run', '/run': 'dir', '/vol': 'dir', '/vol/f': 'file' });
const stage = (n: number) => `/state/c1/${n}`;

it('binds onto existing targets, read-only when asked', () => {
  const plan = planMounts([{ containerPath: '/etc/resolv.conf', hostPath: '/vol/f', readOnly: true }], fs, stage);
  assert.deepEqual(plan, {
    lines: [`mount --bind '/vol/f' '/etc/resolv.conf'`, `mount -o remount,bind,ro '/etc/resolv.conf'`],
    staging: [],
  });
});

it('creates a missing mountPath inside a shadow of its nearest existing directory, through symlinks', () => {
  const plan = planMounts([
    { containerPath: '/var/run/secrets/kubernetes.io/serviceaccount', hostPath: '/vol', readOnly: true },
    { containerPath: '/run/secrets/extra', hostPath: '/vol/f', readOnly: false },
  ], fs, stage);
  assert.equal(plan.root, undefined);
  assert.deepEqual(plan.staging, ['/state/c1/0']);
  assert.deepEqual(plan.lines, [
    SHADOW_FUNCTION,
    `shadow '/run' '/state/c1/0'`,
    `mount --move '/state/c1/0' '/run'`,
    `mkdir '/run/secrets'`,
    `mkdir '/run/secrets/kubernetes.io'`,
    `mkdir '/run/secrets/kubernetes.io/serviceaccount'`,
    `mount --bind '/vol' '/run/secrets/kubernetes.io/serviceaccount'`,
    `mount -o remount,bind,ro '/run/secrets/kubernetes.io/serviceaccount'`,
    // /run/secrets now exists only in the tmpfs: no second shadow; a file volume gets a file.
    `: > '/run/secrets/extra'`,
    `mount --bind '/vol/f' '/run/secrets/extra'`,
  ]);
});

it('shadows / into a new root first when a top-level directory is missing', () => {
  const plan = planMounts([
    { containerPath: '/etc', hostPath: '/vol', readOnly: false },
    { containerPath: '/data/x', hostPath: '/vol', readOnly: false },
  ], fs, stage);
  assert.equal(plan.root, '/state/c1/0');
  assert.deepEqual(plan.lines.slice(1), [
    `shadow / '/state/c1/0'`,
    `mount --bind '/vol' '/state/c1/0/etc'`,
    `mkdir '/state/c1/0/data'`,
    `mkdir '/state/c1/0/data/x'`,
    `mount --bind '/vol' '/state/c1/0/data/x'`,
  ]);
});

it('quotes paths so that any name is one word', () => {
  const plan = planMounts([{ containerPath: "/etc/it's here", hostPath: '/vol', readOnly: false }], fs, stage);
  assert.ok(plan.lines.includes(`mkdir '/etc/it'\\''s here'`));
});
