// containerEnv against a real API server: ConfigMaps and Secrets read on demand (envFrom
// with prefix, key refs, optional ones), Service links, downward API values (limits
// defaulting to the Node's allocatable), $(VAR) expansion, and the CreateContainerConfigError
// messages for what is missing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Service } from '../../src/api/core/services.js';
import type { Container, Pod } from '../../src/api/core/types.js';
import { Client, HttpsTransport } from '../../src/client/index.js';
import { ContainerConfigError, containerEnv, type EnvSources } from '../../src/kubelet/env/index.js';
import { startServer, type TestServer } from './apiserver-helpers.js';

const NS = 'default';

describe('kubelet container env', () => {
  let srv: TestServer;
  let client: Client;
  let sources: EnvSources;
  const services: Service[] = [];

  before(async () => {
    srv = await startServer();
    client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
    sources = { client, services: () => services, nodeName: 'node-1', nodeIP: '192.0.2.10' };
    await client.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
    await client.nodes.patch(undefined, 'node-1', 'merge', { status: { allocatable: { cpu: '4', memory: '2Gi', 'ephemeral-storage': '10Gi' } } }, { subresource: 'status' });
    await client.configmaps.create(NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { MODE: 'prod', LEVEL: 'debug', '1ok': 'digits are fine since 1.32', 'dotted.key': 'kept' } });
    await client.secrets.create(NS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { PASSWORD: 's3cret', MODE: 'from-secret' } });
    // The API server made `kubernetes` (10.43.0.1:443, port name https) itself.
    services.push(await client.services.get('default', 'kubernetes'));
    services.push(await client.services.create(NS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.43.0.50', ports: [{ name: 'main', port: 8080 }] } }));
  });
  after(async () => {
    client?.close();
    await srv?.stop();
  });

  const pod = (container: Container, extra: Partial<Pod['spec']> = {}): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: NS, uid: 'uid-1', labels: { app: 'web' } },
    spec: { nodeName: 'node-1', serviceAccountName: 'default', containers: [container], ...extra },
  });

  it('builds the environment in upstream order with expansion', async () => {
    const c: Container = {
      name: 'c',
      resources: { requests: { cpu: '500m' }, limits: { cpu: '1' } },
      envFrom: [{ configMapRef: { name: 'app' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
      env: [
        { name: 'GREETING', value: 'mode=$(MODE) web=$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT) $$(MODE) $(NOPE)' },
        { name: 'MODE', value: 'env-wins' },
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app', key: 'LEVEL' } } },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'CPU_MILLIS', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'EMPTY' },
      ],
    };
    const env = await containerEnv(pod(c), c, '10.42.0.7', sources);
    const names = env.map((e) => e.name);
    const get = (n: string) => env.find((e) => e.name === n)?.value;
    assert.equal(new Set(names).size, names.length, 'each name once');
    // Services first, then envFrom, then env in declaration order.
    assert.ok(names.indexOf('KUBERNETES_SERVICE_HOST') < names.indexOf('CFG_MODE'));
    assert.ok(names.indexOf('CFG_MODE') < names.indexOf('PASSWORD'));
    assert.deepEqual(names.slice(-10), ['GREETING', 'MODE', 'LEVEL', 'PW', 'POD_NAME', 'POD_IP', 'HOST_IP', 'CPU_MILLIS', 'MEM_LIMIT_MI', 'EMPTY']);
    const web = services.find((s) => s.metadata?.name === 'web')!;
    assert.equal(get('GREETING'), `mode=from-secret web=${web.spec?.clusterIP}:8080 $(MODE) $(NOPE)`);
    assert.equal(get('MODE'), 'env-wins');
    assert.equal(get('CFG_LEVEL'), 'debug');
    assert.equal(get('CFG_1ok'), 'digits are fine since 1.32');
    assert.equal(get('CFG_dotted.key'), 'kept');
    assert.equal(get('LEVEL'), 'debug');
    assert.equal(get('PW'), 's3cret');
    assert.equal(get('POD_NAME'), 'p');
    assert.equal(get('POD_IP'), '10.42.0.7');
    assert.equal(get('HOST_IP'), '192.0.2.10');
    assert.equal(get('CPU_MILLIS'), '500');
    assert.equal(get('MEM_LIMIT_MI'), '2048', 'unset limit: node allocatable');
    assert.equal(get('EMPTY'), '');
    assert.equal(get('WEB_SERVICE_PORT_MAIN'), '8080');
    assert.equal(get('KUBERNETES_PORT_443_TCP_PORT'), '443');
  });

  it('keeps only the API server Service without service links', async () => {
    const c: Container = { name: 'c' };
    const env = await containerEnv(pod(c, { enableServiceLinks: false }), c, undefined, sources);
    assert.ok(env.some((e) => e.name === 'KUBERNETES_SERVICE_HOST'));
    assert.ok(!env.some((e) => e.name.startsWith('WEB_')));
  });

  it('skips optional sources that are missing', async () => {
    const c: Container = {
      name: 'c',
      // src/api spells out no `optional` on envFrom refs; it passes through like every other field.
      envFrom: [{ configMapRef: { name: 'absent', optional: true } as { name: string } }],
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'app', key: 'absent', optional: true } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'absent', key: 'k', optional: true } } },
      ],
    };
    const env = await containerEnv(pod(c, { enableServiceLinks: false }), c, undefined, sources);
    assert.deepEqual(env.filter((e) => !e.name.startsWith('KUBERNETES_')), []);
  });

  it('fails with upstream messages for what is missing', async () => {
    const cases: [Container, string][] = [
      [{ name: 'c', envFrom: [{ configMapRef: { name: 'absent' } }] }, 'configmap "absent" not found'],
      [{ name: 'c', envFrom: [{ secretRef: { name: 'absent' } }] }, 'secret "absent" not found'],
      [{ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'nope' } } }] }, "couldn't find key nope in ConfigMap default/app"],
      [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }] }, "couldn't find key nope in Secret default/creds"],
      [{ name: 'c', env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }, 'unsupported fieldPath: spec.bogus'],
    ];
    for (const [c, message] of cases) {
      await assert.rejects(containerEnv(pod(c), c, undefined, sources), (e: Error) => e instanceof ContainerConfigError && e.message === message, message);
    }
  });
});
