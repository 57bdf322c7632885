// The Service variables a container sees: which Services, and the Docker-links-style names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../../src/api/core/services.js';
import { serviceEnv, visibleServices } from '../../../src/kubelet/env/index.js';

function svc(namespace: string, name: string, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: { clusterIP, ports } };
}

const kubernetes = svc('default', 'kubernetes', '10.43.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]);
const web = svc('shop', 'web-front', '10.43.0.20', [{ name: 'http', port: 80 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }]);
const headless = svc('shop', 'db', 'None', [{ port: 5432 }]);
const elsewhere = svc('other', 'cache', '10.43.0.30', [{ port: 6379 }]);

describe('service environment variables', () => {
  it('takes the namespace Services with a cluster IP, plus the API server Service', () => {
    const names = visibleServices([kubernetes, web, headless, elsewhere], 'shop', true).map((s) => s.metadata?.name);
    assert.deepEqual(names.sort(), ['kubernetes', 'web-front']);
  });

  it('keeps only the API server Service when enableServiceLinks is false', () => {
    const names = visibleServices([kubernetes, web], 'shop', false).map((s) => s.metadata?.name);
    assert.deepEqual(names, ['kubernetes']);
  });

  it("lets a namespace's own Service named kubernetes win over the master service", () => {
    const own = svc('shop', 'kubernetes', '10.43.0.99', [{ port: 8080 }]);
    for (const order of [[kubernetes, own], [own, kubernetes]]) {
      const seen = visibleServices(order, 'shop', true);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].spec?.clusterIP, '10.43.0.99');
    }
  });

  it('writes host, ports and link variables as upstream does', () => {
    const env = Object.fromEntries(serviceEnv([web]));
    assert.deepEqual(env, {
      WEB_FRONT_SERVICE_HOST: '10.43.0.20',
      WEB_FRONT_SERVICE_PORT: '80',
      WEB_FRONT_SERVICE_PORT_HTTP: '80',
      WEB_FRONT_SERVICE_PORT_DNS_UDP: '53',
      WEB_FRONT_PORT: 'tcp://10.43.0.20:80',
      WEB_FRONT_PORT_80_TCP: 'tcp://10.43.0.20:80',
      WEB_FRONT_PORT_80_TCP_PROTO: 'tcp',
      WEB_FRONT_PORT_80_TCP_PORT: '80',
      WEB_FRONT_PORT_80_TCP_ADDR: '10.43.0.20',
      WEB_FRONT_PORT_53_UDP: 'udp://10.43.0.20:53',
      WEB_FRONT_PORT_53_UDP_PROTO: 'udp',
      WEB_FRONT_PORT_53_UDP_PORT: '53',
      WEB_FRONT_PORT_53_UDP_ADDR: '10.43.0.20',
    });
  });

  it('brackets IPv6 cluster IPs in URLs and skips Services without a cluster IP', () => {
    const v6 = svc('shop', 'v6', 'fd00::10', [{ port: 80 }]);
    const env = serviceEnv([v6, headless, svc('shop', 'pending', '', [{ port: 1 }])]);
    assert.equal(env.get('V6_PORT'), 'tcp://[fd00::10]:80');
    assert.equal(env.get('V6_PORT_80_TCP_ADDR'), 'fd00::10');
    assert.equal(env.has('DB_SERVICE_HOST'), false);
    assert.equal(env.has('PENDING_SERVICE_HOST'), false);
  });
});
