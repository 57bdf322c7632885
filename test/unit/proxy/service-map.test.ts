import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../src/api/core/services.js';
import type { EndpointSlice } from '../../../src/api/discovery/endpointslice.js';
import { buildServiceMap } from '../../../src/proxy/service-map.js';

const svc = (name: string, spec: Service['spec'], status?: Service['status']): Service => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec, ...(status ? { status } : {}),
});

const slice = (name: string, service: string, endpoints: EndpointSlice['endpoints'], ports: EndpointSlice['ports']): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4',
  endpoints,
  ports,
});

test('one entry per service port, with the endpoints of every slice on that port', () => {
  const services = [svc('web', { type: 'ClusterIP', clusterIP: '10.43.0.5', clusterIPs: ['10.43.0.5'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] })];
  const slices = [
    slice('web-a', 'web', [{ addresses: ['10.42.0.9'], nodeName: 'n1' }, { addresses: ['10.42.0.3'], nodeName: 'n2' }], [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 5353, protocol: 'UDP' }]),
    // The same endpoint in a second slice (mid-update) counts once.
    slice('web-b', 'web', [{ addresses: ['10.42.0.3'], nodeName: 'n2' }], [{ name: 'http', port: 8080, protocol: 'TCP' }]),
  ];
  const ports = buildServiceMap(services, slices, 'n1');
  assert.deepEqual(ports.map((p) => [p.id, p.protocol, p.port]), [['default/web:dns', 'UDP', 53], ['default/web:http', 'TCP', 80]]);
  const http = ports[1]!;
  assert.deepEqual(http.endpoints.map((e) => [e.ip, e.port, e.local]), [['10.42.0.3', 8080, false], ['10.42.0.9', 8080, true]]);
  assert.equal(http.nodePort, 0);
  assert.equal(http.affinityTimeoutSeconds, undefined);
});

test('ready endpoints only; serving ones that terminate when none is ready', () => {
  const services = [svc('web', { clusterIP: '10.43.0.5', ports: [{ port: 80 }] })];
  const ready = slice('s', 'web', [
    { addresses: ['10.42.0.1'], conditions: { ready: true } },
    { addresses: ['10.42.0.2'], conditions: { ready: false, serving: false } },
    { addresses: ['10.42.0.3'], conditions: { ready: false, serving: true, terminating: true } },
  ], [{ port: 8080 }]);
  assert.deepEqual(buildServiceMap(services, [ready], 'n').at(0)!.endpoints.map((e) => e.ip), ['10.42.0.1']);
  const draining = slice('s', 'web', [
    { addresses: ['10.42.0.2'], conditions: { ready: false, serving: false, terminating: true } },
    { addresses: ['10.42.0.3'], conditions: { ready: false, serving: true, terminating: true } },
  ], [{ port: 8080 }]);
  assert.deepEqual(buildServiceMap(services, [draining], 'n').at(0)!.endpoints.map((e) => e.ip), ['10.42.0.3']);
});

test('headless and ExternalName Services are not proxied; node ports, balancer IPs, affinity and policies carry over', () => {
  const services = [
    svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    svc('alias', { type: 'ExternalName', externalName: 'example.org', ports: [{ port: 80 }] }),
    svc('lb', {
      type: 'LoadBalancer', clusterIP: '10.43.0.7', ports: [{ port: 443, nodePort: 30443 }], externalIPs: ['192.0.2.50'],
      sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local',
    }, { loadBalancer: { ingress: [{ ip: '192.0.2.10' }, { hostname: 'lb.example' }] } }),
    // A ClusterIP Service keeps no node port even if the object still names one.
    svc('plain', { type: 'ClusterIP', clusterIP: '10.43.0.8', ports: [{ port: 80, nodePort: 30080 }], externalTrafficPolicy: 'Local' }),
  ];
  const [lb, plain] = buildServiceMap(services, [], 'n');
  assert.equal(lb!.id, 'default/lb:');
  assert.equal(lb!.nodePort, 30443);
  assert.deepEqual(lb!.loadBalancerIPs, ['192.0.2.10']);
  assert.deepEqual(lb!.externalIPs, ['192.0.2.50']);
  assert.equal(lb!.affinityTimeoutSeconds, 60);
  assert.equal(lb!.externalPolicyLocal, true);
  assert.equal(lb!.internalPolicyLocal, true);
  assert.equal(plain!.nodePort, 0);
  assert.equal(plain!.externalPolicyLocal, false);
  assert.equal(plain!.protocol, 'TCP');
});
