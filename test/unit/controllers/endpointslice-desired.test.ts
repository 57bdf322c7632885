// The EndpointSlice controller's desired state: one endpoint per pod with its conditions,
// node, zone and pod reference, grouped by the ports the pod serves.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressTypesFor, desiredState, type NodeLookup } from '../../../src/controllers/endpointslice/desired.js';
import { pod, service } from './endpoints-fixtures.js';

const nodes: NodeLookup = (name) => (name === 'node-a' ? { zone: 'zone-1' } : name === 'node-b' ? {} : undefined);

describe('EndpointSlice desired state', () => {
  it('builds endpoints with conditions, node, zone and targetRef', () => {
    const { groups, podsOnMissingNodes } = desiredState(service('web'), [pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ready: false, node: 'node-b' })], nodes, 'IPv4');
    assert.deepEqual(podsOnMissingNodes, []);
    assert.equal(groups.size, 1);
    const [group] = groups.values();
    assert.deepEqual(group!.ports, [{ name: '', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual([...group!.endpoints.values()], [
      { addresses: ['10.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' }, nodeName: 'node-a', zone: 'zone-1' },
      { addresses: ['10.0.0.2'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' }, nodeName: 'node-b' },
    ]);
  });

  it('keeps terminating pods, serving but not ready', () => {
    const { groups } = desiredState(service('web'), [pod('a', { deleting: true })], nodes, 'IPv4');
    assert.deepEqual([...[...groups.values()][0]!.endpoints.values()][0]!.conditions, { ready: false, serving: true, terminating: true });
    const published = desiredState(service('web', { publishNotReadyAddresses: true }), [pod('a', { deleting: true, ready: false })], nodes, 'IPv4');
    assert.deepEqual([...[...published.groups.values()][0]!.endpoints.values()][0]!.conditions, { ready: true, serving: false, terminating: true });
  });

  it('leaves out finished pods, pods without IP, and pods of unknown nodes (reported for a retry)', () => {
    const pods = [pod('done', { phase: 'Succeeded' }), pod('noip', { ip: '' }), pod('lost', { node: 'node-x' })];
    const { groups, podsOnMissingNodes } = desiredState(service('web'), pods, nodes, 'IPv4');
    assert.equal(groups.size, 0);
    assert.deepEqual(podsOnMissingNodes, ['lost']);
  });

  it('groups pods by the port list their named ports resolve to', () => {
    const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    const pods = [
      pod('a', { ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('b', { ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('c', { ip: '10.0.0.3', ports: [{ name: 'http', containerPort: 9090 }] }),
      pod('d', { ip: '10.0.0.4' }),
    ];
    const groups = [...desiredState(svc, pods, nodes, 'IPv4').groups.values()].map((g) => ({ ports: g.ports.map((p) => p.port), pods: [...g.endpoints.values()].map((e) => e.targetRef?.name) }));
    assert.deepEqual(groups, [
      { ports: [8080], pods: ['a', 'b'] },
      { ports: [9090], pods: ['c'] },
      { ports: [], pods: ['d'] },
    ]);
  });

  it('serves the families of the service', () => {
    assert.deepEqual(addressTypesFor(service('web')), ['IPv4']);
    assert.deepEqual(addressTypesFor({ ...service('web'), spec: { clusterIP: 'fd00::5' } }), ['IPv6']);
    const v6 = desiredState(service('web'), [pod('a', { ip: '10.0.0.1' })], nodes, 'IPv6');
    assert.equal(v6.groups.size, 0);
  });
});
