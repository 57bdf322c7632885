import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN, applyStrategicMergePatch, isStatusError, type ListNode, type SchemaNode, type StructNode } from '../../../src/machinery/index.js';

// ---------------------------------------------------------------------------
// Hand-built schemas.

const str: SchemaNode = { kind: 'scalar', type: 'string' };
const int: SchemaNode = { kind: 'scalar', type: 'integer' };
const stringMap: SchemaNode = { kind: 'map', values: str };

/** A struct whose fields are resolved lazily, so types can refer to themselves. */
function struct(name: string, fields: () => Record<string, SchemaNode>): StructNode {
  const all = () => Object.entries(fields()).map(([n, type], i) => ({ name: n, proto: i + 1, type }));
  return { kind: 'struct', name, field: (n) => all().find((f) => f.name === n), fields: all };
}

function list(items: SchemaNode, patchStrategy?: string, patchMergeKey?: string): ListNode {
  return { kind: 'list', items, listType: patchMergeKey ? 'map' : 'atomic', patchStrategy, patchMergeKey };
}

/** Upstream's test type (strategicpatch MergeItem), rebuilt as a SchemaNode. */
const mergeItem: StructNode = struct('io.k8s.test.MergeItem', () => ({
  name: str,
  value: str,
  other: str,
  mergingList: list(mergeItem, 'merge', 'name'),
  nonMergingList: list(mergeItem),
  mergingIntList: list(int, 'merge'),
  nonMergingIntList: list(int),
  mergeItemPtr: list(mergeItem, 'merge', 'name'),
  simpleMap: stringMap,
  replacingItem: UNKNOWN,
  retainKeysMap: retainKeysItem,
  retainKeysMergingList: list(mergeItem, 'merge,retainKeys', 'name'),
}));

const retainKeysItem: StructNode = struct('io.k8s.test.RetainKeysMergeItem', () => ({
  name: str,
  value: str,
  other: str,
  simpleMap: stringMap,
  mergingIntList: list(int, 'merge'),
  mergingList: list(mergeItem, 'merge', 'name'),
  nonMergingList: list(mergeItem),
}));

const containerPort = struct('io.k8s.api.core.v1.ContainerPort', () => ({ name: str, containerPort: int, protocol: str }));
const envVar = struct('io.k8s.api.core.v1.EnvVar', () => ({ name: str, value: str }));
const container = struct('io.k8s.api.core.v1.Container', () => ({
  name: str,
  image: str,
  args: list(str),
  ports: list(containerPort, 'merge', 'containerPort'),
  env: list(envVar, 'merge', 'name'),
}));
const volume = struct('io.k8s.api.core.v1.Volume', () => ({ name: str, emptyDir: UNKNOWN, configMap: UNKNOWN, hostPath: UNKNOWN }));
const pod = struct('io.k8s.api.core.v1.Pod', () => ({
  apiVersion: str,
  kind: str,
  metadata: struct('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', () => ({
    name: str,
    labels: stringMap,
    annotations: stringMap,
    finalizers: list(str, 'merge'),
  })),
  spec: struct('io.k8s.api.core.v1.PodSpec', () => ({
    containers: list(container, 'merge', 'name'),
    volumes: list(volume, 'merge,retainKeys', 'name'),
    tolerations: list(UNKNOWN),
    strategy: struct('io.k8s.api.apps.v1.DeploymentStrategy', () => ({ type: str, rollingUpdate: UNKNOWN })),
    extra: UNKNOWN,
  })),
}));

type Obj = Record<string, unknown>;
const smp = (original: Obj, patch: unknown, schema: SchemaNode = mergeItem) => applyStrategicMergePatch(original, patch, schema);

function failure(original: Obj, patch: unknown, schema: SchemaNode = mergeItem): { code: number; message: string; cause?: unknown } {
  try {
    smp(original, patch, schema);
  } catch (e) {
    assert.ok(isStatusError(e));
    return { code: e.code, message: e.message, cause: e.cause };
  }
  assert.fail('expected the patch to fail');
}

// ---------------------------------------------------------------------------
// Cases whose expected results are upstream's (strategicpatch tests: current + patch → result).

test('setElementOrder with server-only map items interleaves them where they were', () => {
  const current = {
    mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2 }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 3, value: 3 }, { name: 4, value: 4 }],
  };
  const patch = { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }] };
  assert.deepEqual(smp(current, patch), {
    mergingList: [{ name: 2, value: 2 }, { name: 1, other: 'a' }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 4, value: 4 }, { name: 3, value: 3 }],
  });
});

test('setElementOrder with server-only primitive items', () => {
  const order = { '$setElementOrder/mergingIntList': [2, 1, 4, 3] };
  assert.deepEqual(smp({ mergingIntList: [1, 2, 9, 3, 4] }, order), { mergingIntList: [2, 1, 9, 4, 3] });
  assert.deepEqual(smp({ mergingIntList: [1, 2, 7, 9, 8, 3, 4] }, order), { mergingIntList: [2, 1, 7, 9, 8, 4, 3] });
  assert.deepEqual(smp({ mergingIntList: [1, 3, 4, 2, 9] }, { '$setElementOrder/mergingIntList': [4, 2, 3, 1] }), { mergingIntList: [4, 2, 3, 1, 9] });
});

test('add and delete an item while preserving order', () => {
  const current = { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] };
  const patch = {
    '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 1 }],
    mergingList: [{ name: 4, value: 4 }, { name: 3, $patch: 'delete' }],
  };
  assert.deepEqual(smp(current, patch), { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2, other: 'b' }, { name: 1, other: 'a' }] });
});

test('adding to a merging list puts server-only items after unknown patch items', () => {
  const current = { mergeItemPtr: [{ name: 1, other: 'a' }, { name: 3 }] };
  const patch = { '$setElementOrder/mergeItemPtr': [{ name: 1 }, { name: 2 }], mergeItemPtr: [{ name: 2 }] };
  assert.deepEqual(smp(current, patch), { mergeItemPtr: [{ name: 1, other: 'a' }, { name: 2 }, { name: 3 }] });
});

test('lists with duplicate merge keys', () => {
  const current = { mergingList: [{ name: 1 }, { name: 2, value: 'dup1' }, { name: 3 }, { name: 2, value: 'dup2' }, { name: 4 }] };
  const patch = { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }, { name: 2 }] };
  assert.deepEqual(smp(current, patch), {
    mergingList: [{ name: 2, value: 'dup1' }, { name: 2, value: 'dup2' }, { name: 1 }, { name: 4 }, { name: 3 }],
  });
  assert.deepEqual(smp({ mergingIntList: [1, 2, 3, 2, 4] }, { '$setElementOrder/mergingIntList': [2, 1, 4, 3, 2] }), { mergingIntList: [2, 2, 1, 4, 3] });
});

test('delete and reorder in one list, reorder in another', () => {
  const current = { mergingList: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'c', value: 'c' }, { name: 'd', value: 'd' }] };
  const patch = {
    '$setElementOrder/mergingList': [{ name: 'b' }],
    '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
    mergingList: [{ $patch: 'delete', name: 'a' }],
  };
  assert.deepEqual(smp(current, patch), { mergingList: [{ name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'd', value: 'd' }, { name: 'c', value: 'c' }] });
});

test('setElementOrder naming items absent from the list', () => {
  const patch = { '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] };
  assert.deepEqual(smp({ mergingList: [{ name: 1 }, { name: 3 }] }, patch), { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] });
  assert.deepEqual(smp({ mergingIntList: [1, 3] }, { '$setElementOrder/mergingIntList': [3, 2, 1] }), { mergingIntList: [3, 1] });
});

test('$deleteFromPrimitiveList', () => {
  const del = (list: string, values: number[]) => ({ [`$deleteFromPrimitiveList/${list}`]: values });
  assert.deepEqual(smp({ mergingIntList: [1, 2, 3] }, del('mergingIntList', [2])), { mergingIntList: [1, 3] });
  assert.deepEqual(smp({ mergingIntList: [1, 2] }, del('mergingIntList', [3])), { mergingIntList: [1, 2] });
  assert.deepEqual(smp({ mergingIntList: null }, del('mergingIntList', [3])), { mergingIntList: null });
  assert.deepEqual(smp({ foo: ['bar'] }, del('mergingIntList', [3])), { foo: ['bar'] });
  assert.deepEqual(smp({ nonMergingIntList: [1, 2, 3] }, del('nonMergingIntList', [2])), { nonMergingIntList: [1, 3] });
  assert.deepEqual(failure({}, { '$deleteFromPrimitiveListX/a': [1] }), { code: 400, message: 'invalid patch format of primitive list', cause: undefined });
});

test('$retainKeys in maps and in merging list items', () => {
  const patch = { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar' } };
  assert.deepEqual(smp({ retainKeysMap: { name: 'foo', other: 'a' } }, patch), { retainKeysMap: { name: 'foo', value: 'bar' } });
  const listPatch = {
    '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
    retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo', value: 'new' }],
  };
  assert.deepEqual(smp({ retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'old', other: 'x' }] }, listPatch), {
    retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'new' }],
  });
  assert.deepEqual(failure({ retainKeysMap: {} }, { retainKeysMap: { $retainKeys: ['name'], value: 'x' } }).message, 'invalid patch format of retainKeys');
  assert.equal(failure({ retainKeysMap: {} }, { retainKeysMap: { $retainKeys: 'name' } }).code, 400);
});

test('errors as the API server reports them', () => {
  assert.equal(failure({ mergingList: [{ name: 1, value: 'a' }] }, { mergingList: [{ value: 'b' }] }).message, 'map: map[value:b] does not contain declared merge key: name');
  assert.equal(failure({ mergingList: [{ name: 1, value: 'a' }] }, { mergingList: [{ value: 'b' }] }).code, 500);
  const mismatch = failure(
    { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
    { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
  );
  assert.equal(mismatch.code, 500);
  assert.match(mismatch.message, /doesn't match \$setElementOrder list/);
  assert.match(failure({ mergingIntList: [1, 3, 2] }, { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] }).message, /doesn't match/);
  const lists = failure({ mergingIntList: [[1]] }, { mergingIntList: [[2]] });
  assert.deepEqual([lists.code, lists.cause], [422, 'lists of lists are not supported']);
  assert.equal(failure({}, { $patch: 'merge' }).message, 'unknown patch type: merge in map: map[$patch:merge]');
  assert.equal(failure({ mergingList: [{ name: 1 }] }, { mergingList: [{ name: 1, $patch: 'merge' }] }).message, 'merging lists cannot yet be specified in the patch');
  assert.equal(failure({ mergingIntList: [1] }, { mergingIntList: ['a'] }).message, 'list element types are not identical: [[1] [a]]');
  assert.deepEqual(failure({}, [1]), { code: 400, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}', cause: undefined });
  assert.equal(failure({}, { '$setElementOrder/mergingList': 'x' }).message, 'expected a []interface {}, but received a string');
  assert.equal(failure({}, { '$setElementOrderX/mergingList': [] }).message, 'invalid patch format of setElementOrder list');
});

// ---------------------------------------------------------------------------
// Pod-shaped patches as kubectl sends them.

const basePod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web', tier: 'front' }, annotations: { a: '1' }, finalizers: ['x', 'y'] },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1', args: ['a', 'b'], ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'busybox' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    extra: { list: [1, 2], keep: true, nested: { a: 1 } },
  },
});

test('kubectl apply style patch merges containers by name and ports by containerPort', () => {
  const patch = {
    metadata: { labels: { tier: null, version: 'v2' } },
    spec: {
      '$setElementOrder/containers': [{ name: 'init' }, { name: 'app' }, { name: 'sidecar' }],
      containers: [
        { name: 'init', image: 'alpine' },
        {
          name: 'app',
          image: 'nginx:2',
          '$setElementOrder/ports': [{ containerPort: 443 }, { containerPort: 80 }],
          ports: [{ containerPort: 443, protocol: 'TCP' }],
          args: ['c'],
        },
      ],
    },
  };
  const out = smp(basePod(), patch, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(out.metadata.labels, { app: 'web', version: 'v2' });
  assert.deepEqual(
    out.spec.containers.map((c) => c.name),
    ['init', 'app', 'sidecar'],
  );
  assert.deepEqual(out.spec.containers[1], {
    name: 'app',
    image: 'nginx:2',
    args: ['c'],
    ports: [{ containerPort: 443, protocol: 'TCP' }, { containerPort: 80, protocol: 'TCP' }],
    env: [{ name: 'A', value: '1' }],
  });
});

test('merging without setElementOrder appends new items after existing ones', () => {
  const out = smp(basePod(), { spec: { containers: [{ name: 'new', image: 'x' }, { name: 'app', image: 'nginx:3' }] } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(out.spec.containers.map((c) => [c.name, c.image]), [['new', 'x'], ['app', 'nginx:3'], ['sidecar', 'busybox']]);
});

test('primitive merge lists are unioned; others replaced', () => {
  const out = smp(basePod(), { metadata: { finalizers: ['z', 'x'] }, spec: { tolerations: [{ key: 'n' }] } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(out.metadata.finalizers, ['z', 'x', 'y']);
  assert.deepEqual(out.spec.tolerations, [{ key: 'n' }]);
  const removed = smp(basePod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(removed.metadata.finalizers, ['y']);
});

test('$patch directives in maps and lists', () => {
  const replaced = smp(basePod(), { metadata: { labels: { $patch: 'replace', only: 'me' } } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(replaced.metadata.labels, { only: 'me' });
  const emptied = smp(basePod(), { metadata: { annotations: { $patch: 'delete' } } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(emptied.metadata.annotations, {});
  const list = smp(basePod(), { spec: { containers: [{ name: 'solo', image: 'i' }, { $patch: 'replace' }] } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(list.spec.containers, [{ name: 'solo', image: 'i' }]);
  const deleted = smp(basePod(), { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } }, pod) as ReturnType<typeof basePod>;
  assert.deepEqual(deleted.spec.containers.map((c) => c.name), ['app']);
  const whole = smp(basePod(), { $patch: 'replace', kind: 'Pod' }, pod);
  assert.deepEqual(whole, { kind: 'Pod' });
});

test('$retainKeys switches a volume source and a deployment strategy', () => {
  const out = smp(
    basePod(),
    {
      spec: {
        volumes: [{ $retainKeys: ['configMap', 'name'], name: 'data', configMap: { name: 'cm' } }],
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
      },
    },
    pod,
  ) as ReturnType<typeof basePod>;
  assert.deepEqual(out.spec.volumes, [{ name: 'data', configMap: { name: 'cm' } }]);
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
});

test('null deletes; unknown schema behaves as a JSON merge patch; new values lose nulls and directives', () => {
  const out = smp(
    basePod(),
    {
      metadata: { annotations: null },
      spec: {
        extra: { list: [3], keep: null, nested: { b: 2 } },
        newField: { a: null, b: [{ c: null, d: 1 }, { $patch: 'delete' }], e: { $patch: 'replace' } },
        sidecars: null,
      },
    },
    pod,
  ) as Obj;
  const spec = out.spec as Obj;
  assert.equal((out.metadata as Obj).annotations, undefined);
  assert.deepEqual(spec.extra, { list: [3], nested: { a: 1, b: 2 } });
  assert.deepEqual(spec.newField, { b: [{ d: 1 }] });
  assert.ok(!('sidecars' in spec));
});

test('an UNKNOWN root is a JSON merge patch that still honours directives', () => {
  assert.deepEqual(smp({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } }, UNKNOWN), { a: [3], b: { c: 1, d: 2 } });
  assert.deepEqual(smp({ a: { b: 1 } }, { a: { $patch: 'replace', c: 2 } }, UNKNOWN), { a: { c: 2 } });
});

test('inputs are not modified', () => {
  const original = basePod();
  const patch = { spec: { containers: [{ name: 'app', image: 'z' }, { name: 'sidecar', $patch: 'delete' }] } };
  const patchCopy = structuredClone(patch);
  smp(original, patch, pod);
  assert.deepEqual(original, basePod());
  assert.deepEqual(patch, patchCopy);
  assert.deepEqual(smp(original, null, pod), basePod());
});
