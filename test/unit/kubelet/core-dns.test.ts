// A pod's resolv.conf by dnsPolicy, and its sandbox's settings.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { parseResolvConf, podDNSConfig } from '../../../src/kubelet/dns-config.js';
import { sandboxConfig } from '../../../src/kubelet/sandbox-config.js';

let dir: string;
let hostResolvConf: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'k8ts-dns-'));
  hostResolvConf = path.join(dir, 'resolv.conf');
  await writeFile(hostResolvConf, '# host\nnameserver 192.0.2.53\nnameserver 192.0.2.54\nsearch corp.example\noptions edns0 ndots:1\n');
});
after(() => rm(dir, { recursive: true, force: true }));

const pod = (spec: Record<string, unknown> = {}): Pod => ({ metadata: { name: 'web-0', namespace: 'shop', uid: 'u1', labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }], ...spec } });
const opts = () => ({ clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local', hostResolvConf });

it('parses a resolv.conf', () => {
  assert.deepEqual(parseResolvConf('nameserver 1.1.1.1 # x\nsearch a b\noptions rotate\n'), { servers: ['1.1.1.1'], searches: ['a', 'b'], options: ['rotate'] });
});

it('points ClusterFirst pods at the cluster DNS with the namespace search path and ndots:5', () => {
  assert.deepEqual(podDNSConfig(pod(), opts()), {
    servers: ['10.43.0.10'],
    searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
    options: ['ndots:5'],
  });
});

it("gives Default and host-network pods the host's resolver", () => {
  const host = { servers: ['192.0.2.53', '192.0.2.54'], searches: ['corp.example'], options: ['edns0', 'ndots:1'] };
  assert.deepEqual(podDNSConfig(pod({ dnsPolicy: 'Default' }), opts()), host);
  assert.deepEqual(podDNSConfig(pod({ hostNetwork: true }), opts()), host);
  assert.deepEqual(podDNSConfig(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), opts()).servers, ['10.43.0.10']);
});

it('uses only dnsConfig with None, and merges dnsConfig into the others', () => {
  const dnsConfig = { nameservers: ['192.0.2.99'], searches: ['x.example'], options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }] };
  assert.deepEqual(podDNSConfig(pod({ dnsPolicy: 'None', dnsConfig }), opts()), { servers: ['192.0.2.99'], searches: ['x.example'], options: ['ndots:2', 'rotate'] });
  const merged = podDNSConfig(pod({ dnsConfig }), opts());
  assert.deepEqual(merged.servers, ['10.43.0.10', '192.0.2.99']);
  assert.deepEqual(merged.options, ['ndots:2', 'rotate']);
});

it('builds the sandbox: labels, hostname, log directory, host ports, cgroup parent', () => {
  const sb = sandboxConfig(pod({ hostname: 'db', containers: [{ name: 'c', ports: [{ containerPort: 53, hostPort: 5353, protocol: 'UDP' }, { containerPort: 80 }] }] }), 2, { ...opts(), podLogDir: '/var/log/pods' });
  assert.equal(sb.attempt, 2);
  assert.equal(sb.hostname, 'db');
  assert.equal(sb.logDirectory, '/var/log/pods/shop_web-0_u1');
  assert.equal(sb.cgroupParent, '/k8ts/podu1');
  assert.deepEqual(sb.portMappings, [{ protocol: 'UDP', containerPort: 53, hostPort: 5353 }]);
  assert.deepEqual(sb.labels, { app: 'web', 'io.kubernetes.pod.name': 'web-0', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.pod.uid': 'u1' });
  assert.equal(sandboxConfig(pod(), 0, { ...opts(), podLogDir: '/l' }).hostname, 'web-0');
});
