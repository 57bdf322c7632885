// Probes against a real container of the built-in process runtime (no-root mode: host
// network, no cgroups, so nothing outside a scratch directory is touched): an exec probe
// whose result follows a file in a mounted directory, an exec probe that times out, and the
// Unhealthy events and liveness failure they produce.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../src/api/resource.js';
import type { Pod } from '../../src/api/core/types.js';
import { EventRecorder } from '../../src/client/events.js';
import { Client, HttpsTransport } from '../../src/client/index.js';
import { ProbeManager } from '../../src/kubelet/probes/index.js';
import { createProcessRuntime, type ProcessRuntime } from '../../src/kubelet/runtime/process/index.js';
import { eventually } from './apiserver-helpers.js';

/** Keeps events in memory; writing them is the recorder's own tested job. */
class CapturingRecorder extends EventRecorder {
  readonly messages: string[] = [];
  constructor() {
    super(new Client(new HttpsTransport({ server: 'http://127.0.0.1:9', insecureSkipTLSVerify: false })), 'kubelet');
  }
  override event(_obj: KubeObject, _type: 'Normal' | 'Warning', _reason: string, message: string): void {
    this.messages.push(message);
  }
}

describe('probes on the process runtime', () => {
  let dir: string;
  let rt: ProcessRuntime;
  let sandboxId: string;
  let containerId: string;
  let startedAt: number;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'k8ts-probes-'));
    rt = await createProcessRuntime({ stateDir: path.join(dir, 'state'), nodeIP: '127.0.0.1', rootless: true });
    const sandbox = {
      name: 'probed', namespace: 'default', uid: 'probed-uid', attempt: 0, hostname: 'probed', logDirectory: path.join(dir, 'logs'),
      hostNetwork: true, portMappings: [], cgroupParent: '/k8ts-probes', labels: {}, annotations: {},
    };
    sandboxId = await rt.runPodSandbox(sandbox);
    containerId = await rt.createContainer(sandboxId, {
      name: 'c', attempt: 0, image: 'busybox', command: ['sh', '-c'], args: ['exec sleep 1000'], env: [],
      mounts: [{ containerPath: '/probe', hostPath: dir, readOnly: true }], logPath: 'c/0.log',
      stdin: false, stdinOnce: false, tty: false, resources: { cpuQuota: 0, cpuPeriod: 100000, cpuShares: 0, memoryLimitBytes: 0 }, labels: {}, annotations: {},
    }, sandbox);
    await rt.startContainer(containerId);
    startedAt = Date.now();
  });
  after(async () => {
    if (sandboxId) await rt.stopPodSandbox(sandboxId).catch(() => undefined);
    if (sandboxId) await rt.removePodSandbox(sandboxId).catch(() => undefined);
    await rt?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('follows an exec probe, and restarts on a timed-out liveness probe', async () => {
    const recorder = new CapturingRecorder();
    const failures: string[] = [];
    const manager = new ProbeManager({ runtime: rt, recorder, onChange: () => undefined, onFailure: (_p, _c, _id, message) => failures.push(message) });
    const pod: Pod = {
      metadata: { name: 'probed', namespace: 'default', uid: 'probed-uid' },
      spec: {
        containers: [{
          name: 'c',
          readinessProbe: { exec: { command: ['cat', '/probe/ready'] }, periodSeconds: 1, timeoutSeconds: 2 },
          livenessProbe: { exec: { command: ['sh', '-c', 'test -f /probe/hang && sleep 5; true'] }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1 },
        }],
      },
    };
    try {
      manager.update(pod, [{ name: 'c', containerId, startedAt }], '127.0.0.1');
      await eventually(() => recorder.messages.includes('Readiness probe failed: cat: /probe/ready: No such file or directory\n'), 5000, 'a failed readiness probe with the command output');
      assert.equal(manager.isReady('probed-uid', 'c'), false);
      await writeFile(path.join(dir, 'ready'), 'yes');
      await eventually(() => manager.isReady('probed-uid', 'c'), 5000, 'ready once the file exists');
      await unlink(path.join(dir, 'ready'));
      await eventually(() => !manager.isReady('probed-uid', 'c'), 8000, 'not ready after three failures');

      assert.deepEqual(failures, []);
      await writeFile(path.join(dir, 'hang'), '');
      await eventually(() => failures.length > 0, 8000, 'liveness timing out');
      assert.deepEqual(failures, ['Container c failed liveness probe']);
      assert.ok(recorder.messages.includes('Liveness probe failed: command "sh -c test -f /probe/hang && sleep 5; true" timed out'), recorder.messages.join('\n'));
    } finally {
      manager.stop();
    }
  });
});
