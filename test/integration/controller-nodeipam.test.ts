// The node IPAM controller against a real API server: each node gets its own pod CIDR from
// --cluster-cidr, nodes bringing one of their own keep it, and a deleted node's subnet returns.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node } from '../../src/api/core/nodes.js';
import type { Client } from '../../src/client/index.js';
import { nodeIpamController } from '../../src/controllers/nodeipam/index.js';
import { eventually } from './apiserver-helpers.js';
import { runController, type ControllerHarness } from './controller-harness.js';

const node = (name: string, podCIDR?: string): Node => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
});

describe('nodeipam controller', () => {
  let h: ControllerHarness;
  let c: Client;
  const cidrOf = async (name: string) => (await c.nodes.get(undefined, name)).spec?.podCIDR;
  before(async () => {
    h = await runController(nodeIpamController(), { clusterCIDR: '10.42.0.0/22', nodeCIDRMaskSize: 24 });
    c = h.client;
  });
  after(() => h.stop());

  it('gives every node a subnet of its own, skipping those already held', async () => {
    await c.nodes.create(undefined, node('held', '10.42.0.0/24'));
    await c.nodes.create(undefined, node('outside', '10.128.0.0/24'));
    for (const name of ['a', 'b']) await c.nodes.create(undefined, node(name));
    const a = await eventually(() => cidrOf('a'), 5000, 'a pod CIDR for a');
    const b = await eventually(() => cidrOf('b'), 5000, 'a pod CIDR for b');
    assert.deepEqual([a, b].sort(), ['10.42.1.0/24', '10.42.2.0/24']);
    assert.deepEqual((await c.nodes.get(undefined, 'a')).spec?.podCIDRs, [a]);
    assert.equal(await cidrOf('held'), '10.42.0.0/24');
    assert.equal(await cidrOf('outside'), '10.128.0.0/24');
  });

  it('runs out with an event, and hands out a deleted node’s subnet again', async () => {
    await c.nodes.create(undefined, node('c'));
    assert.equal(await eventually(() => cidrOf('c'), 5000, 'a pod CIDR for c'), '10.42.3.0/24');
    await c.nodes.create(undefined, node('d'));
    await eventually(async () => {
      await h.flushEvents();
      const events = await c.events.list('default');
      return events.items.some((e) => e.reason === 'CIDRNotAvailable' && e.involvedObject?.name === 'd');
    }, 5000, 'CIDRNotAvailable for d');
    await c.nodes.delete(undefined, 'a');
    const d = await eventually(() => cidrOf('d'), 15_000, 'a pod CIDR for d once a is gone');
    assert.match(d!, /^10\.42\.[12]\.0\/24$/);
  });
});
