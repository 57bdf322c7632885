import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from '../../../src/api/core/nodes.js';
import { cidrWithin, desiredRoutes } from '../../../src/kubelet/network/host-gw.js';

const node = (name: string, podCIDR?: string, ip?: string): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: podCIDR ? { podCIDR } : {},
  status: ip ? { addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: ip }] } : {},
});

test('a route to every other node’s pod CIDR via its InternalIP', () => {
  const nodes = [
    node('self', '10.42.0.0/24', '192.0.2.10'),
    node('b', '10.42.1.0/24', '192.0.2.11'),
    node('c', '10.42.2.0/24', '192.0.2.12'),
    node('no-cidr-yet', undefined, '192.0.2.13'),
    node('no-address-yet', '10.42.3.0/24'),
    node('simulated', '10.128.0.0/24', '10.99.0.1'),
  ];
  assert.deepEqual([...desiredRoutes(nodes, 'self', '10.42.0.0/16')], [['10.42.1.0/24', '192.0.2.11'], ['10.42.2.0/24', '192.0.2.12']]);
});

test('cidrWithin compares the outer prefix only', () => {
  assert.ok(cidrWithin('10.42.7.0/24', '10.42.0.0/16'));
  assert.ok(!cidrWithin('10.43.0.0/24', '10.42.0.0/16'));
  assert.ok(!cidrWithin('10.0.0.0/8', '10.42.0.0/16'));
  assert.ok(cidrWithin('192.168.1.0/24', '0.0.0.0/0'));
});
