// The endpoints controller's pure part: which pods become addresses, on which ports, ready
// or not, and how addresses sharing the same ports are grouped into subsets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeSubsets, truncateSubsets, type EndpointSubset } from '../../../src/controllers/endpoints/index.js';
import { pod, service } from './endpoints-fixtures.js';

const ref = (name: string) => ({ kind: 'Pod', namespace: 'ns', name, uid: `uid-${name}` });
const addr = (name: string, ip: string, node = 'node-a') => ({ ip, nodeName: node, targetRef: ref(name) });

describe('endpoints subsets', () => {
  it('lists ready pods as addresses and the rest as notReadyAddresses, on the resolved port', () => {
    const subsets = computeSubsets(service('web'), [pod('a', { ip: '10.0.0.2' }), pod('b', { ip: '10.0.0.1' }), pod('c', { ip: '10.0.0.3', ready: false })]);
    assert.deepEqual(subsets, [
      {
        addresses: [addr('b', '10.0.0.1'), addr('a', '10.0.0.2')],
        notReadyAddresses: [addr('c', '10.0.0.3')],
        ports: [{ name: '', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('leaves out pods without an IP, finished pods and pods being deleted', () => {
    const pods = [pod('noip', { ip: '' }), pod('done', { phase: 'Succeeded', ip: '10.0.0.2' }), pod('failed', { phase: 'Failed', ip: '10.0.0.3' }), pod('going', { deleting: true, ip: '10.0.0.4' })];
    assert.deepEqual(computeSubsets(service('web'), pods), []);
  });

  it('publishNotReadyAddresses lists every pod as ready, terminating ones included', () => {
    const subsets = computeSubsets(service('web', { publishNotReadyAddresses: true }), [pod('a', { ready: false, ip: '10.0.0.1' }), pod('b', { deleting: true, ip: '10.0.0.2' })]);
    assert.deepEqual(subsets, [{ addresses: [addr('a', '10.0.0.1'), addr('b', '10.0.0.2')], ports: [{ name: '', port: 8080, protocol: 'TCP' }] }]);
  });

  it('resolves named target ports per pod and groups addresses by identical port sets', () => {
    const svc = service('web', {
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: 9090, targetPort: 9100 },
      ],
    });
    const pods = [
      pod('a', { ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('b', { ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 8081 }] }),
      pod('c', { ip: '10.0.0.3', ports: [{ name: 'other', containerPort: 7000 }] }),
      // Right name, wrong protocol: not a match.
      pod('d', { ip: '10.0.0.4', ports: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }] }),
    ];
    // Each subset is addresses × ports: ports served by exactly the same addresses share one.
    const byPorts = (ss: EndpointSubset[]) => [...ss].sort((x, y) => x.ports![0]!.port - y.ports![0]!.port);
    assert.deepEqual(byPorts(computeSubsets(svc, pods)), [
      { addresses: [addr('a', '10.0.0.1')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [addr('b', '10.0.0.2')], ports: [{ name: 'http', port: 8081, protocol: 'TCP' }] },
      { addresses: [addr('a', '10.0.0.1'), addr('b', '10.0.0.2'), addr('c', '10.0.0.3'), addr('d', '10.0.0.4')], ports: [{ name: 'metrics', port: 9100, protocol: 'TCP' }] },
    ]);
  });

  it('puts ports served by the same addresses into one subset', () => {
    const svc = service('web', {
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    });
    const subsets = computeSubsets(svc, [pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ready: false })]);
    assert.deepEqual(subsets, [
      {
        addresses: [addr('a', '10.0.0.1')],
        notReadyAddresses: [addr('b', '10.0.0.2')],
        ports: [
          { name: 'http', port: 8080, protocol: 'TCP' },
          { name: 'https', port: 8443, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it('sets the hostname of pods naming the service as their subdomain', () => {
    const svc = service('db', { clusterIP: 'None' });
    const subsets = computeSubsets(svc, [pod('a', { ip: '10.0.0.1', hostname: 'db-0', subdomain: 'db' }), pod('b', { ip: '10.0.0.2', hostname: 'x', subdomain: 'other' })]);
    assert.deepEqual(subsets[0]!.addresses, [{ ...addr('a', '10.0.0.1'), hostname: 'db-0' }, addr('b', '10.0.0.2')]);
  });

  it('gives a headless service without ports a subset without ports', () => {
    const svc = service('db', { clusterIP: 'None', ports: [] });
    assert.deepEqual(computeSubsets(svc, [pod('a', { ip: '10.0.0.1' })]), [{ addresses: [addr('a', '10.0.0.1')] }]);
  });

  it('is the same for the same pods in any order', () => {
    const pods = [pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ready: false }), pod('c', { ip: '10.0.0.3' })];
    assert.deepEqual(computeSubsets(service('web'), pods), computeSubsets(service('web'), [...pods].reverse()));
  });

  it('truncates to the capacity, keeping ready addresses first', () => {
    const many = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.0.${Math.floor((from + i) / 250)}.${(from + i) % 250}` }));
    const subsets: EndpointSubset[] = [{ addresses: many(6, 0), notReadyAddresses: many(6, 100), ports: [{ port: 80, protocol: 'TCP' }] }];
    assert.equal(truncateSubsets(subsets, 20), undefined);
    const cut = truncateSubsets(subsets, 8)!;
    assert.equal(cut[0]!.addresses!.length, 6);
    assert.equal(cut[0]!.notReadyAddresses!.length, 2);
    const onlyReady = truncateSubsets(subsets, 4)!;
    assert.equal(onlyReady[0]!.addresses!.length, 4);
    assert.equal(onlyReady[0]!.notReadyAddresses, undefined);
  });
});
