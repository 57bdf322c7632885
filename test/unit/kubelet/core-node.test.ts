// What every kubelet reports about its Node: conditions (healthy or not ready), labels, and
// the machine facts read from the host.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeRuntime } from '../../../src/kubelet/runtime/fake/index.js';
import { machineCapacity, nodeSystemInfo, prettyName } from '../../../src/kubelet/node-info.js';
import { conditionsDiffer, nodeConditions, wellKnownNodeLabels } from '../../../src/kubelet/node-shape.js';

it('reports healthy conditions, or Ready=False with KubeletNotReady and a message', () => {
  const healthy = nodeConditions([], 'T1');
  assert.deepEqual(healthy.map((c) => [c.type, c.status, c.reason]), [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
    ['Ready', 'True', 'KubeletReady'],
  ]);
  const down = nodeConditions(healthy, 'T2', 'container runtime is down');
  const ready = down.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.reason, ready.message, ready.lastTransitionTime, ready.lastHeartbeatTime], ['False', 'KubeletNotReady', 'container runtime is down', 'T2', 'T2']);
  assert.equal(down.find((c) => c.type === 'DiskPressure')!.lastTransitionTime, 'T1');
  assert.equal(conditionsDiffer(healthy), false);
  assert.equal(conditionsDiffer(healthy, 'container runtime is down'), true);
  assert.equal(conditionsDiffer(down, 'container runtime is down'), false);
});

it('labels the node as upstream', () => {
  assert.deepEqual(wellKnownNodeLabels('n1', 'arm64'), {
    'beta.kubernetes.io/arch': 'arm64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64', 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux',
  });
});

it('reads the machine: capacity, os image, kernel, runtime version', async () => {
  assert.equal(prettyName('NAME=x\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(prettyName(''), 'Linux');
  const cap = await machineCapacity('/');
  assert.ok(Number(cap.cpu) >= 1);
  assert.match(cap.memory, /^\d+Ki$/);
  assert.equal(cap.pods, '110');
  const info = await nodeSystemInfo(new FakeRuntime());
  assert.equal(info.containerRuntimeVersion, 'fake://0.1.0');
  assert.equal(info.kubeletVersion, 'v1.32.0-k8ts');
  assert.match(info.bootID, /^[0-9a-f-]{36}$/);
  for (const k of ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture']) assert.ok(k in info, k);
});
