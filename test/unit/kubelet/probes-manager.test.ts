// The probe manager's workers with real timers: thresholds, initial delay, startup gating,
// readiness results, liveness failures handed to the kubelet, Unhealthy events, and fresh
// workers for a new container. Probes hit a local HTTP server and a scripted exec runtime.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../src/api/resource.js';
import type { Pod, Probe } from '../../../src/api/core/types.js';
import { EventRecorder } from '../../../src/client/events.js';
import { Client, HttpsTransport } from '../../../src/client/index.js';
import { ProbeManager } from '../../../src/kubelet/probes/index.js';
import type { ExecResult, Runtime } from '../../../src/kubelet/runtime/types.js';

/** Keeps events in memory instead of writing them (the writing is the recorder's own tested job). */
class CapturingRecorder extends EventRecorder {
  readonly events: { reason: string; message: string }[] = [];
  constructor() {
    super(new Client(new HttpsTransport({ server: 'http://127.0.0.1:9', insecureSkipTLSVerify: false })), 'kubelet');
  }
  override event(_obj: KubeObject, _type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push({ reason, message });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(f: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!f()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('probe manager', { concurrency: true }, () => {
  let server: http.Server;
  let port: number;
  /** Status code served per path (200 when unset); hits counted per path. */
  const codes = new Map<string, number>();
  const hits = new Map<string, number>();
  /** Exit code per exec command name; calls counted. */
  const exits = new Map<string, number>();
  const execCalls = new Map<string, number>();
  const runtime = {
    async execSync(_id: string, cmd: string[]): Promise<ExecResult> {
      execCalls.set(cmd[0], (execCalls.get(cmd[0]) ?? 0) + 1);
      const code = exits.get(cmd[0]) ?? 0;
      return { exitCode: code, stdout: Buffer.from(code ? `${cmd[0]} failed` : ''), stderr: Buffer.alloc(0) };
    },
  } as Partial<Runtime> as Runtime;

  before(async () => {
    server = http.createServer((req, res) => {
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      res.writeHead(codes.get(req.url ?? '') ?? 200).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  function harness() {
    const recorder = new CapturingRecorder();
    const changes: string[] = [];
    const failures: { container: string; id: string; message: string }[] = [];
    const manager = new ProbeManager({
      runtime,
      recorder,
      onChange: (uid) => changes.push(uid),
      onFailure: (_pod, container, id, message) => failures.push({ container, id, message }),
    });
    return { manager, recorder, changes, failures };
  }

  function pod(uid: string, probes: { readinessProbe?: Probe; livenessProbe?: Probe; startupProbe?: Probe }): Pod {
    return { metadata: { name: uid, namespace: 'ns', uid }, spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: port }], ...probes }] } };
  }
  const httpProbe = (path: string, extra: Probe = {}): Probe => ({ httpGet: { path, port: 'http' }, periodSeconds: 1, timeoutSeconds: 1, ...extra });

  it('reports ready only after successThreshold successes, and not ready after failureThreshold failures', async () => {
    const { manager, recorder, changes } = harness();
    codes.set('/ready-a', 500);
    const p = pod('a', { readinessProbe: httpProbe('/ready-a', { successThreshold: 2, failureThreshold: 2 }) });
    manager.update(p, [{ name: 'c', containerId: 'c1', startedAt: Date.now() }], '127.0.0.1');
    assert.equal(manager.isReady('a', 'c'), false);
    await until(() => recorder.events.length > 0, 3000, 'a failed probe event');
    assert.deepEqual(recorder.events[0], { reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500' });
    codes.set('/ready-a', 200);
    const hitsAtSwitch = hits.get('/ready-a')!;
    await until(() => manager.isReady('a', 'c'), 4000, 'ready');
    assert.ok(hits.get('/ready-a')! - hitsAtSwitch >= 2, 'two successes before ready');
    assert.deepEqual(changes, ['a']);
    codes.set('/ready-a', 503);
    await until(() => !manager.isReady('a', 'c'), 4000, 'not ready again');
    assert.deepEqual(changes, ['a', 'a']);
    manager.stop();
  });

  it('waits initialDelaySeconds from the container start', async () => {
    const { manager } = harness();
    const started = Date.now();
    manager.update(pod('b', { readinessProbe: httpProbe('/ready-b', { initialDelaySeconds: 1 }) }), [{ name: 'c', containerId: 'c1', startedAt: started }], '127.0.0.1');
    await sleep(600);
    assert.equal(hits.get('/ready-b') ?? 0, 0);
    await until(() => manager.isReady('b', 'c'), 2000, 'ready after the delay');
    assert.ok(Date.now() - started >= 1000);
    manager.stop();
  });

  it('hands a liveness failure to the kubelet once, after failureThreshold failures, then stops probing', async () => {
    const { manager, recorder, failures, changes } = harness();
    exits.set('live-c', 1);
    const p = pod('c', { livenessProbe: { exec: { command: ['live-c'] }, periodSeconds: 1, failureThreshold: 2 } });
    manager.update(p, [{ name: 'c', containerId: 'cid-1', startedAt: Date.now() }], undefined);
    assert.equal(manager.isReady('c', 'c'), true, 'no readiness probe: ready');
    await until(() => failures.length > 0, 4000, 'liveness failure');
    assert.deepEqual(failures, [{ container: 'c', id: 'cid-1', message: 'Container c failed liveness probe' }]);
    assert.deepEqual(recorder.events.map((e) => e.message), ['Liveness probe failed: live-c failed', 'Liveness probe failed: live-c failed']);
    const calls = execCalls.get('live-c');
    await sleep(1300);
    assert.equal(execCalls.get('live-c'), calls, 'on hold until a new container');
    assert.deepEqual(changes, [], 'liveness results do not touch the pod status');

    // The restarted container gets a fresh worker, which probes again.
    exits.set('live-c', 0);
    manager.update(p, [{ name: 'c', containerId: 'cid-2', startedAt: Date.now() }], undefined);
    await until(() => execCalls.get('live-c')! > calls!, 2000, 'probing the new container');
    assert.equal(failures.length, 1);
    manager.stop();
  });

  it('gates liveness and readiness on the startup probe, then triggers readiness at once', async () => {
    const { manager, changes } = harness();
    exits.set('start-d', 1);
    const p = pod('d', {
      startupProbe: { exec: { command: ['start-d'] }, periodSeconds: 1, failureThreshold: 30 },
      livenessProbe: { exec: { command: ['live-d'] }, periodSeconds: 1 },
      readinessProbe: httpProbe('/ready-d', { periodSeconds: 30 }),
    });
    manager.update(p, [{ name: 'c', containerId: 'd1', startedAt: Date.now() }], '127.0.0.1');
    await until(() => (execCalls.get('start-d') ?? 0) >= 2, 3000, 'startup probing');
    assert.equal(manager.isStarted('d', 'c'), false);
    assert.equal(manager.isReady('d', 'c'), false);
    assert.equal(execCalls.get('live-d') ?? 0, 0, 'liveness waits for startup');
    assert.equal(hits.get('/ready-d') ?? 0, 0, 'readiness waits for startup');
    exits.set('start-d', 0);
    await until(() => manager.isStarted('d', 'c'), 2000, 'started');
    // Readiness has a 30 s period: being ready within a second means it was triggered.
    await until(() => manager.isReady('d', 'c'), 1500, 'ready right after startup');
    await until(() => (execCalls.get('live-d') ?? 0) > 0, 2000, 'liveness probing');
    assert.deepEqual(changes, ['d', 'd']);
    manager.stop();
  });

  it('restarts a container whose startup probe fails failureThreshold times', async () => {
    const { manager, failures } = harness();
    exits.set('start-e', 1);
    manager.update(pod('e', { startupProbe: { exec: { command: ['start-e'] }, periodSeconds: 1, failureThreshold: 2 } }), [{ name: 'c', containerId: 'e1', startedAt: Date.now() }], undefined);
    await until(() => failures.length > 0, 4000, 'startup failure');
    assert.deepEqual(failures, [{ container: 'c', id: 'e1', message: 'Container c failed startup probe' }]);
    assert.equal(manager.isStarted('e', 'c'), false);
    manager.stop();
  });

  it('forgets stopped containers and removed pods; knows nothing of pods it never saw', async () => {
    const { manager } = harness();
    const p = pod('f', { readinessProbe: httpProbe('/ready-f') });
    manager.update(p, [{ name: 'c', containerId: 'f1', startedAt: Date.now() }], '127.0.0.1');
    await until(() => manager.isReady('f', 'c'), 2000, 'ready');
    manager.update(p, [], '127.0.0.1');
    assert.equal(manager.isReady('f', 'c'), false, 'a container that is not running has no readiness');
    const before = hits.get('/ready-f');
    await sleep(1200);
    assert.equal(hits.get('/ready-f'), before, 'its worker stopped');
    manager.removePod('f');
    assert.equal(manager.isReady('never-seen', 'c'), true);
    assert.equal(manager.isStarted('never-seen', 'c'), true);
    manager.stop();
  });

  it('reports probes it cannot run as errors without counting them', async () => {
    const { manager, recorder } = harness();
    manager.update(pod('g', { readinessProbe: httpProbe('/ready-g', { httpGet: { path: '/ready-g', port: 'nope' } }) }), [{ name: 'c', containerId: 'g1', startedAt: Date.now() }], '127.0.0.1');
    await until(() => recorder.events.length > 0, 2000, 'an errored event');
    assert.deepEqual(recorder.events[0], { reason: 'Unhealthy', message: 'Readiness probe errored: port nope not found' });
    assert.equal(manager.isReady('g', 'c'), false);
    manager.stop();
  });
});
