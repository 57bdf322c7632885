// The /etc/hosts the kubelet writes for a pod: localhost entries, the pod's IP with its
// hostname (and FQDN under a subdomain), and hostAliases.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { hostsFileContent } from '../../../src/kubelet/etc-hosts.js';

const pod = (spec: Record<string, unknown>): Pod => ({ metadata: { name: 'db-0', namespace: 'shop', uid: 'u' }, spec: { containers: [], ...spec } });

it("writes the pod's own entry after the localhost ones", () => {
  assert.equal(
    hostsFileContent(pod({}), 'db-0', '10.42.0.7', 'cluster.local'),
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.42.0.7\tdb-0\n',
  );
});

it('adds the FQDN under a subdomain, and hostAliases at the end', () => {
  const text = hostsFileContent(pod({ subdomain: 'db', hostAliases: [{ ip: '192.0.2.1', hostnames: ['foo.local', 'bar.local'] }] }), 'db-0', '10.42.0.7', 'cluster.local');
  const lines = text.trimEnd().split('\n');
  assert.deepEqual(lines.slice(7), ['10.42.0.7\tdb-0.db.shop.svc.cluster.local\tdb-0', '', '# Entries added by HostAliases.', '192.0.2.1\tfoo.local\tbar.local']);
});
