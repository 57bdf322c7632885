import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pods } from '../../../src/api/core/pods.js';
import type { Pod } from '../../../src/api/core/types.js';

const NOW = new Date('2024-01-01T12:00:00Z');
const created = '2024-01-01T11:00:00Z';

function pod(status: Pod['status'], spec: Pod['spec'] = { containers: [{ name: 'app', image: 'nginx' }] }, meta: Pod['metadata'] = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', creationTimestamp: created, ...meta }, spec, status };
}

const cells = (p: Pod) => pods.cells(p, NOW);

test('pod columns are upstream printPod columns, wide ones at priority 1', () => {
  assert.deepEqual(
    pods.columns.map((c) => [c.name, c.priority]),
    [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]],
  );
  assert.equal(pods.columns[0].format, 'name');
});

test('a pending pod prints its phase and <none> for the wide cells', () => {
  assert.deepEqual(cells(pod({ phase: 'Pending' })), ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>']);
});

test('a running ready pod', () => {
  const p = pod({
    phase: 'Running',
    podIPs: [{ ip: '10.42.0.5' }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: created } } }],
  });
  p.spec!.nodeName = 'node-1';
  assert.deepEqual(cells(p).slice(0, 7), ['p', '1/1', 'Running', '0', '60m', '10.42.0.5', 'node-1']);
});

test('waiting reasons win: ContainerCreating and CrashLoopBackOff with restarts ago', () => {
  assert.equal(cells(pod({ phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] }))[2], 'ContainerCreating');
  const crashing = pod({
    phase: 'Running',
    containerStatuses: [
      { name: 'app', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2024-01-01T11:55:00Z' } } },
    ],
  });
  assert.deepEqual(cells(crashing).slice(1, 4), ['0/1', 'CrashLoopBackOff', '3 (5m ago)']);
});

test('terminated containers: Completed, or the exit code without a reason', () => {
  assert.equal(cells(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }))[2], 'Completed');
  assert.equal(cells(pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2 } } }] }))[2], 'ExitCode:2');
  assert.equal(cells(pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137, signal: 9 } } }] }))[2], 'Signal:9');
});

test('init containers: Init:0/1, Init:<reason>, and failed init', () => {
  const spec = { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'app', image: 'nginx' }] };
  assert.equal(cells(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { running: {} } }] }, spec))[2], 'Init:0/1');
  assert.equal(cells(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { waiting: { reason: 'ErrImagePull' } } }] }, spec))[2], 'Init:ErrImagePull');
  assert.equal(cells(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, spec))[2], 'Init:Error');
  assert.equal(cells(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 3 } } }] }, spec))[2], 'Init:ExitCode:3');
});

test('sidecar init containers count towards READY', () => {
  const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'nginx' }] };
  const p = pod(
    {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', started: true, ready: true, state: { running: {} } }],
      containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
    },
    spec,
  );
  assert.deepEqual(cells(p).slice(1, 3), ['2/2', 'Running']);
});

test('a pod being deleted prints Terminating unless it already finished', () => {
  assert.equal(cells(pod({ phase: 'Running' }, undefined, { deletionTimestamp: '2024-01-01T11:59:00Z' }))[2], 'Terminating');
  assert.equal(cells(pod({ phase: 'Succeeded' }, undefined, { deletionTimestamp: '2024-01-01T11:59:00Z' }))[2], 'Succeeded');
});

test('a completed container next to a running one reads Running or NotReady', () => {
  const statuses = [
    { name: 'a', ready: true, state: { running: {} } },
    { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
  ];
  const spec = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] };
  assert.equal(cells(pod({ phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] }, spec))[2], 'Running');
  assert.equal(cells(pod({ phase: 'Running', containerStatuses: statuses }, spec))[2], 'NotReady');
});

test('readiness gates cell counts true conditions', () => {
  const p = pod({ phase: 'Running', conditions: [{ type: 'example.com/ready', status: 'True' }] }, { containers: [{ name: 'app', image: 'x' }], readinessGates: [{ conditionType: 'example.com/ready' }, { conditionType: 'other' }] });
  assert.equal(cells(p)[8], '1/2');
});

test('defaults fill the pod spec as core/v1 defaulting does', () => {
  const p: Pod = {
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          ports: [{ containerPort: 80 }],
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          livenessProbe: { httpGet: { port: 80 } },
          resources: { limits: { cpu: '1' } },
        },
        { name: 'side', image: 'busybox:1.36' },
      ],
      volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'scratch' }],
    },
  };
  pods.defaults!(p);
  const spec = p.spec!;
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  const [app, side] = spec.containers!;
  assert.equal(app.imagePullPolicy, 'Always');
  assert.equal(side.imagePullPolicy, 'IfNotPresent');
  assert.equal(app.terminationMessagePath, '/dev/termination-log');
  assert.equal(app.terminationMessagePolicy, 'File');
  assert.equal(app.ports![0].protocol, 'TCP');
  assert.equal(app.env![0].valueFrom!.fieldRef!.apiVersion, 'v1');
  assert.deepEqual(app.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(app.resources!.requests, { cpu: '1' });
  assert.equal(spec.volumes![0].configMap!.defaultMode, 420);
  assert.deepEqual(spec.volumes![1].emptyDir, {});
});

test('prepareForCreate starts Pending with the QoS class', () => {
  const guaranteed: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } };
  pods.defaults!(guaranteed);
  pods.prepareForCreate!(guaranteed);
  assert.deepEqual(guaranteed.status, { phase: 'Pending', qosClass: 'Guaranteed' });
  const best: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] } };
  pods.prepareForCreate!(best);
  assert.equal(best.status!.qosClass, 'BestEffort');
  const burst: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }] } };
  pods.prepareForCreate!(burst);
  assert.equal(burst.status!.qosClass, 'Burstable');
});

test('selectable fields', () => {
  const p = pod({ phase: 'Running', podIPs: [{ ip: '10.0.0.1' }] }, { containers: [], nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler' });
  assert.deepEqual(pods.selectableFields!(p), {
    'spec.nodeName': 'n1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': '',
    'spec.hostNetwork': 'false',
    'status.phase': 'Running',
    'status.podIP': '10.0.0.1',
    'status.nominatedNodeName': '',
  });
});

test('discovery facts: subresources with their kinds', () => {
  assert.deepEqual(pods.shortNames, ['po']);
  assert.deepEqual(pods.categories, ['all']);
  const byName = Object.fromEntries(pods.subresources.map((s) => [s.name, s.kind]));
  assert.deepEqual(byName.binding, { group: '', version: 'v1', kind: 'Binding' });
  assert.deepEqual(byName.eviction, { group: 'policy', version: 'v1', kind: 'Eviction' });
  assert.deepEqual(byName.exec, { group: '', version: 'v1', kind: 'PodExecOptions' });
  assert.deepEqual(byName.log, { group: '', version: 'v1', kind: 'Pod' });
  assert.equal(pods.schemaType, 'io.k8s.api.core.v1.Pod');
  assert.equal(pods.storageResource, 'core/pods');
});
