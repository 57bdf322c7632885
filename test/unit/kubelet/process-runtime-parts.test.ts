// Pure parts of the process runtime: image names and refs, the CNI result's pod IP, the
// executable lookup, and shell quoting (checked by a real sh).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { podIP } from '../../../src/kubelet/network/cni-runner.js';
import { imageRef, normalizeImageName } from '../../../src/kubelet/runtime/process/images.js';
import { lookPathError } from '../../../src/kubelet/runtime/process/lookpath.js';
import { shq } from '../../../src/kubelet/runtime/process/shell.js';

it('names images as container runtimes do, with a stable fake digest', () => {
  assert.equal(normalizeImageName('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeImageName('nginx:1.27'), 'docker.io/library/nginx:1.27');
  assert.equal(normalizeImageName('bitnami/redis'), 'docker.io/bitnami/redis:latest');
  assert.equal(normalizeImageName('localhost/pause:1'), 'localhost/pause:1');
  assert.equal(normalizeImageName('registry.k8s.io/pause@sha256:abc'), 'registry.k8s.io/pause@sha256:abc');
  assert.equal(normalizeImageName('localhost:5000/app'), 'localhost:5000/app:latest');
  assert.match(imageRef('x'), /^sha256:[0-9a-f]{64}$/);
  assert.equal(imageRef('x'), imageRef('x'));
});

it('takes the pod IP from the sandbox interface of a CNI result', () => {
  const result = {
    cniVersion: '0.4.0',
    interfaces: [{ name: 'cni0' }, { name: 'veth1' }, { name: 'eth0', sandbox: '/run/netns/x' }],
    ips: [{ version: '4', interface: 2, address: '10.42.0.7/24', gateway: '10.42.0.1' }],
  };
  assert.equal(podIP(result), '10.42.0.7');
  assert.throws(() => podIP({ ips: [] }), /no IPv4 address/);
});

it('looks programs up in PATH and through volume mounts', () => {
  assert.equal(lookPathError('sh', undefined, []), undefined);
  assert.equal(lookPathError('/bin/busybox', undefined, []), undefined);
  assert.match(lookPathError('no-such-thing', '/usr/bin:/bin', [])!, /^exec: "no-such-thing": executable file not found in \$PATH$/);
  assert.equal(lookPathError('/scripts/busybox', undefined, [{ containerPath: '/scripts', hostPath: '/bin', readOnly: true }]), undefined);
  assert.match(lookPathError('/scripts/nope', undefined, [])!, /no such file or directory/);
});

it('quotes any string into one shell word', () => {
  for (const s of ["it's", 'a b', '$HOME', '"q"', '\\', '', '\n']) {
    assert.equal(execFileSync('sh', ['-c', `printf %s ${shq(s)}`]).toString(), s);
  }
});
