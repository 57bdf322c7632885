// The CNI runner with the real Debian plugins, inside a network namespace this test creates
// (standing in for the host's). A small recording plugin at the end of the chain shows what
// each plugin is handed: the previous result, and runtimeConfig only with the capability.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { CNI_BIN_DIR, cniConflist } from '../../src/kubelet/network/cni-config.js';
import { CniRunner } from '../../src/kubelet/network/cni-runner.js';
import { addNetns, deleteNetns, netnsPath } from '../../src/kubelet/network/netns.js';

const isRoot = process.getuid?.() === 0;
const tag = randomBytes(3).toString('hex');
const hostNs = `k8tsc-${tag}`;
const podNs = `k8tsc-pod-${tag}`;
let dir: string;

before(() => {
  if (!isRoot) return;
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-cni-'));
  execFileSync('ip', ['netns', 'add', hostNs]);
  const bin = path.join(dir, 'bin');
  execFileSync('mkdir', [bin]);
  for (const p of ['bridge', 'host-local', 'portmap']) symlinkSync(path.join(CNI_BIN_DIR, p), path.join(bin, p));
  // Records its input per command and passes the previous result on, as a chained plugin must.
  writeFileSync(path.join(bin, 'recorder'), `#!/bin/sh\nin=$(cat)\nprintf '%s' "$in" > "${dir}/recorder-$CNI_COMMAND.json"\necho "$in" | jq -c '.prevResult // {}'\n`);
  chmodSync(path.join(bin, 'recorder'), 0o755);
});

after(() => {
  if (!isRoot) return;
  execFileSync('ip', ['netns', 'delete', hostNs]);
  rmSync(dir, { recursive: true, force: true });
});

it('runs ADD in order and DEL in reverse, tolerating what is already gone', { skip: !isRoot && 'needs root' }, async () => {
  const conflist = cniConflist({ podCIDR: '10.66.3.0/24', ipamDataDir: path.join(dir, 'ipam'), bridge: 'k8tsbr0' });
  (conflist.plugins as unknown[]).push({ type: 'recorder', capabilities: { portMappings: true } });
  const cni = new CniRunner({ conflist, binDir: path.join(dir, 'bin'), hostNetns: netnsPath(hostNs) });
  await addNetns(podNs);
  const attachment = { containerId: `c-${tag}`, netns: netnsPath(podNs), portMappings: [{ protocol: 'TCP' as const, containerPort: 80, hostPort: 18081 }] };
  try {
    assert.match(execFileSync('ip', ['-n', podNs, '-br', 'link', 'show', 'lo']).toString(), /UNKNOWN|UP/);
    const r = await cni.add(attachment);
    assert.equal(r.ip, '10.66.3.2');
    assert.match(execFileSync('ip', ['-n', podNs, '-br', 'addr', 'show', 'eth0']).toString(), /10\.66\.3\.2\/24/);
    assert.match(execFileSync('ip', ['-n', hostNs, '-br', 'addr', 'show', 'k8tsbr0']).toString(), /10\.66\.3\.1\/24/);
    assert.ok(!execFileSync('ip', ['-br', 'link']).toString().includes('k8tsbr0'), 'nothing in the real host namespace');
    const seen = JSON.parse(readFileSync(path.join(dir, 'recorder-ADD.json'), 'utf8'));
    assert.equal(seen.cniVersion, '0.4.0');
    assert.equal(seen.name, 'k8ts');
    assert.equal(seen.prevResult.ips[0].address, '10.66.3.2/24');
    assert.deepEqual(seen.runtimeConfig, { portMappings: [{ hostPort: 18081, containerPort: 80, protocol: 'tcp' }] });
    await cni.del(attachment, r.result);
    assert.ok(existsSync(path.join(dir, 'recorder-DEL.json')));
    await cni.del(attachment, r.result); // twice
    await deleteNetns(podNs);
    await cni.del(attachment); // namespace gone, no cached result
    await deleteNetns(podNs); // twice
    // The address went back to host-local's pool: no lease file is left.
    const leases = () => execFileSync('ls', [path.join(dir, 'ipam', 'k8ts')]).toString().split('\n').filter((f) => /^\d/.test(f));
    assert.deepEqual(leases(), []);
    await addNetns(podNs);
    assert.match((await cni.add(attachment)).ip, /^10\.66\.3\.\d+$/);
    assert.equal(leases().length, 1);
    await cni.del(attachment);
    assert.deepEqual(leases(), []);
  } finally {
    await deleteNetns(podNs);
  }
});

it('reports a plugin\'s error message', { skip: !isRoot && 'needs root' }, async () => {
  const conflist = { cniVersion: '0.4.0', name: 'k8ts', plugins: [{ type: 'bridge', bridge: 'k8tsbr1', ipam: { type: 'host-local', ranges: [[{ subnet: 'not-a-cidr' }]], dataDir: path.join(dir, 'ipam2') } }] };
  const cni = new CniRunner({ conflist, binDir: path.join(dir, 'bin'), hostNetns: netnsPath(hostNs) });
  await addNetns(podNs);
  try {
    await assert.rejects(cni.add({ containerId: `d-${tag}`, netns: netnsPath(podNs), portMappings: [] }), /^Error: CNI bridge ADD: .*not-a-cidr/);
  } finally {
    await deleteNetns(podNs);
  }
});
