// Downward API values: pod fields (with upstream's label/annotation file format) and
// container resources in divisor units, limits defaulting to the node's allocatable.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from '../../../src/api/core/types.js';
import { formatMap, metadataFieldValue, podFieldValue, podIPsOf, resourceFieldValue } from '../../../src/kubelet/env/index.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { app: 'web', tier: 'a"b' }, annotations: { 'example.com/note': 'line1\nline2' } },
  spec: { nodeName: 'node-1', serviceAccountName: 'robot', containers: [{ name: 'c' }] },
  status: { podIP: '10.42.0.5', podIPs: [{ ip: '10.42.0.5' }, { ip: 'fd00::5' }] },
};
const ips = { podIPs: ['10.42.0.5', 'fd00::5'], hostIPs: ['192.0.2.1'] };

describe('downward API field values', () => {
  it('reads metadata, spec and status fields', () => {
    const v = (fieldPath: string) => podFieldValue(pod, { apiVersion: 'v1', fieldPath }, ips);
    assert.equal(v('metadata.name'), 'p');
    assert.equal(v('metadata.namespace'), 'ns');
    assert.equal(v('metadata.uid'), 'u-1');
    assert.equal(v("metadata.labels['app']"), 'web');
    assert.equal(v("metadata.labels['missing']"), '');
    assert.equal(v("metadata.annotations['example.com/note']"), 'line1\nline2');
    assert.equal(v('spec.nodeName'), 'node-1');
    assert.equal(v('spec.serviceAccountName'), 'robot');
    assert.equal(v('status.hostIP'), '192.0.2.1');
    assert.equal(v('status.hostIPs'), '192.0.2.1');
    assert.equal(v('status.podIP'), '10.42.0.5');
    assert.equal(v('status.podIPs'), '10.42.0.5,fd00::5');
  });

  it('formats whole label and annotation maps as sorted key="value" lines with Go quoting', () => {
    assert.equal(metadataFieldValue(pod, 'metadata.labels'), 'app="web"\ntier="a\\"b"');
    assert.equal(metadataFieldValue(pod, 'metadata.annotations'), 'example.com/note="line1\\nline2"');
    assert.equal(formatMap({ b: '\x01', a: 'é' }), 'a="é"\nb="\\x01"');
    assert.equal(formatMap(undefined), '');
  });

  it('refuses unsupported paths and subscripts with upstream messages', () => {
    assert.throws(() => metadataFieldValue(pod, 'spec.nodeName'), /unsupported fieldPath: spec.nodeName/);
    assert.throws(() => metadataFieldValue(pod, "metadata.name['x']"), /does not support subscript/);
    assert.throws(() => metadataFieldValue(pod, "metadata.labels['bad key']"), /invalid key subscript in metadata.labels\['bad key'\]/);
    assert.throws(() => podFieldValue(pod, { apiVersion: 'v2', fieldPath: 'metadata.name' }, ips), /unsupported pod version: v2/);
  });

  it('puts the IP the runtime reports first', () => {
    assert.deepEqual(podIPsOf(pod, 'fd00::5'), ['fd00::5', '10.42.0.5']);
    assert.deepEqual(podIPsOf(pod, undefined), ['10.42.0.5', 'fd00::5']);
    assert.deepEqual(podIPsOf({ metadata: {} }, undefined), []);
  });
});

describe('downward API resource values', () => {
  const container: Container = { name: 'c', resources: { limits: { memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } } };
  let allocatableCalls = 0;
  const allocatable = async () => {
    allocatableCalls++;
    return { cpu: '2', memory: '8Gi', 'ephemeral-storage': '100Gi' };
  };
  const value = (resource: string, divisor?: string) => resourceFieldValue({ resource, divisor }, container, allocatable);

  it('divides and rounds up', async () => {
    assert.equal(await value('requests.cpu'), '1');
    assert.equal(await value('requests.cpu', '1m'), '250');
    assert.equal(await value('requests.memory'), String(64 * 1024 * 1024));
    assert.equal(await value('requests.memory', '1Mi'), '64');
    assert.equal(await value('limits.memory', '1Gi'), '1');
    assert.equal(await value('limits.memory', '0'), String(128 * 1024 * 1024));
  });

  it('takes an unset limit from the node allocatable, and an unset request as 0', async () => {
    allocatableCalls = 0;
    assert.equal(await value('limits.cpu', '1m'), '2000');
    assert.equal(await value('limits.ephemeral-storage', '1Gi'), '100');
    assert.equal(allocatableCalls, 2);
    assert.equal(await value('requests.ephemeral-storage'), '0');
  });

  it('refuses unknown resources', async () => {
    await assert.rejects(value('limits.gpu'), /unsupported container resource : limits.gpu/);
    await assert.rejects(value('cpu'), /unsupported container resource : cpu/);
  });
});
