import { test } from 'node:test';
import assert from 'node:assert/strict';
import { services, type Service } from '../../../src/api/core/services.js';
import { nodes, type Node } from '../../../src/api/core/nodes.js';
import { endpoints } from '../../../src/api/core/endpoints.js';

const NOW = new Date('2024-01-01T12:00:00Z');
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T11:59:30Z' };

function svc(spec: Service['spec'], status?: Service['status']): Service {
  const s: Service = { metadata: { ...meta }, spec, status };
  services.defaults!(s);
  return s;
}

test('service defaults', () => {
  const s = svc({ selector: { app: 'web' }, ports: [{ port: 80 }, { name: 'named', port: 8080, targetPort: 'http' }] });
  assert.equal(s.spec!.type, 'ClusterIP');
  assert.equal(s.spec!.sessionAffinity, 'None');
  assert.equal(s.spec!.internalTrafficPolicy, 'Cluster');
  assert.equal(s.spec!.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(s.spec!.ports![0], { port: 80, protocol: 'TCP', targetPort: 80 });
  assert.equal(s.spec!.ports![1].targetPort, 'http');
  const np = svc({ type: 'NodePort', ports: [{ port: 80 }] });
  assert.equal(np.spec!.externalTrafficPolicy, 'Cluster');
  const ext = svc({ type: 'ExternalName', externalName: 'example.com' });
  assert.equal(ext.spec!.ipFamilyPolicy, undefined);
});

test('service cells: ports, external IPs per type, selector', () => {
  const s = svc({ selector: { app: 'web', tier: 'fe' }, clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] });
  assert.deepEqual(services.cells(s, NOW), ['web', 'ClusterIP', '10.43.0.10', '<none>', '80/TCP,53/UDP', '30s', 'app=web,tier=fe']);
  const np = svc({ type: 'NodePort', clusterIPs: ['10.43.0.11'], ports: [{ port: 80, nodePort: 30080 }] });
  assert.deepEqual(services.cells(np, NOW).slice(2, 5), ['10.43.0.11', '<none>', '80:30080/TCP']);
  const lb = svc({ type: 'LoadBalancer', ports: [{ port: 443, nodePort: 31443 }] });
  assert.equal(services.cells(lb, NOW)[3], '<pending>');
  lb.status = { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } };
  assert.equal(services.cells(lb, NOW)[3], '192.0.2.9');
  const ext = svc({ type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(services.cells(ext, NOW).slice(2, 5), ['<none>', 'db.example.com', '<none>']);
  assert.equal(services.cells(svc({ ports: [{ port: 1 }] }), NOW)[6], '<none>');
});

test('service validation messages', () => {
  const errs = services.validate!(svc({ ports: [{ port: 70000 }, { port: 80, protocol: 'HTTP' }] })).map((e) => `${e.field}: ${e.message}`);
  assert.ok(errs.includes('spec.ports[0].name: Required value'), errs.join('\n'));
  assert.ok(errs.includes('spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive'));
  assert.ok(errs.includes('spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'));
  const noPorts = services.validate!(svc({ selector: { a: 'b' } })).map((e) => `${e.field}: ${e.message}`);
  assert.deepEqual(noPorts, ['spec.ports: Required value']);
  const badName = services.validate!({ ...svc({ ports: [{ port: 80 }] }), metadata: { name: '1web', namespace: 'default' } });
  assert.match(badName[0].message, /a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
});

test('service update keeps the allocated cluster IP and node ports when left out', () => {
  const old = svc({ type: 'NodePort', clusterIP: '10.43.0.5', clusterIPs: ['10.43.0.5'], ports: [{ port: 80, nodePort: 30001 }] });
  const next = svc({ type: 'NodePort', ports: [{ port: 80 }] });
  services.prepareForUpdate!(next, old);
  assert.equal(next.spec!.clusterIP, '10.43.0.5');
  assert.equal(next.spec!.ports![0].nodePort, 30001);
  const changed = svc({ clusterIP: '10.43.0.6', ports: [{ port: 80 }] });
  const errs = services.validateUpdate!({ ...changed, metadata: { ...meta, resourceVersion: '2' } }, { ...old, spec: { ...old.spec, type: 'ClusterIP' } });
  assert.ok(errs.some((e) => e.field === 'spec.clusterIPs[0]' && e.message === 'Invalid value: "10.43.0.6": may not change once set'));
});

function node(labels: Record<string, string>, status: Node['status'], unschedulable = false): Node {
  return { metadata: { name: 'n1', labels, creationTimestamp: '2024-01-01T10:00:00Z' }, spec: { unschedulable }, status };
}

test('node cells: status, roles, version and wide columns', () => {
  const n = node(
    { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': 'true', 'kubernetes.io/role': 'edge' },
    {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '192.168.1.10' }, { type: 'Hostname', address: 'n1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.0' },
    },
  );
  assert.deepEqual(nodes.cells(n, NOW), ['n1', 'Ready', 'control-plane,edge,master', '120m', 'v1.32.0', '192.168.1.10', '<none>', 'Debian GNU/Linux 12', '6.1.0', 'containerd://1.7.0']);
  assert.deepEqual(nodes.cells(node({}, { conditions: [{ type: 'Ready', status: 'Unknown' }] }, true), NOW).slice(1, 3), ['NotReady,SchedulingDisabled', '<none>']);
  assert.deepEqual(nodes.cells(node({}, {}), NOW).slice(7), ['<unknown>', '<unknown>', '<unknown>']);
  assert.equal(nodes.cells(node({}, {}), NOW)[1], 'Unknown');
});

test('nodes are cluster-scoped, selectable by spec.unschedulable, allocatable defaults to capacity', () => {
  assert.equal(nodes.namespaced, false);
  const n = node({}, { capacity: { cpu: '4', pods: '110' } }, true);
  nodes.defaults!(n);
  assert.deepEqual(n.status!.allocatable, { cpu: '4', pods: '110' });
  assert.deepEqual(nodes.selectableFields!(n), { 'spec.unschedulable': 'true' });
  const errs = nodes.validate!({ ...n, metadata: { ...n.metadata, namespace: 'default' } });
  assert.ok(errs.some((e) => e.field === 'metadata.namespace' && e.message === 'Forbidden: not allowed on this type'));
});

test('endpoints cell lists up to three addresses', () => {
  const ep = {
    metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }, { ip: '10.42.0.3' }, { ip: '10.42.0.4' }], ports: [{ port: 8080 }] }],
  };
  assert.equal(endpoints.cells(ep, NOW)[1], '10.42.0.1:8080,10.42.0.2:8080,10.42.0.3:8080 + 1 more...');
  assert.equal(endpoints.cells({ metadata: { name: 'x' } }, NOW)[1], '<none>');
});
