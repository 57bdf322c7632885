import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinKinds, protoFields, schemaNode, typeNameForKind } from '../../../src/api/schema/index.js';
import type { SchemaNode, StructNode } from '../../../src/machinery/schema-node.js';

function struct(name: string): StructNode {
  const node = schemaNode(name);
  assert.equal(node.kind, 'struct', name);
  return node as StructNode;
}

function fieldType(node: StructNode, name: string): SchemaNode {
  const f = node.field(name);
  assert.ok(f, `${node.name}.${name}`);
  return f.type;
}

test('PodSpec lists carry list types, map keys and patch tags', () => {
  const spec = struct('io.k8s.api.core.v1.PodSpec');
  const containers = spec.field('containers');
  assert.equal(containers?.proto, 2);
  assert.equal(containers?.required, true);
  assert.deepEqual({ ...containers?.type, items: undefined }, {
    kind: 'list', items: undefined, listType: 'map', mapKeys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name',
  });
  const volumes = fieldType(spec, 'volumes');
  assert.equal(volumes.kind === 'list' && volumes.patchStrategy, 'merge,retainKeys');
  const nodeSelector = fieldType(spec, 'nodeSelector');
  assert.deepEqual(nodeSelector, { kind: 'map', values: { kind: 'scalar', type: 'string' }, atomic: true });
  const ports = fieldType(struct('io.k8s.api.core.v1.Container'), 'ports');
  assert.equal(ports.kind === 'list' && ports.mapKeys?.join(), 'containerPort,protocol');
  const args = fieldType(struct('io.k8s.api.core.v1.Container'), 'args');
  assert.equal(args.kind === 'list' && args.listType, 'atomic');
});

test('kinds have apiVersion and kind (JSON only) and typed metadata', () => {
  const pod = struct('io.k8s.api.core.v1.Pod');
  assert.deepEqual(pod.fields().map((f) => [f.name, f.proto]), [['apiVersion', 0], ['kind', 0], ['metadata', 1], ['spec', 2], ['status', 3]]);
  const meta = fieldType(pod, 'metadata') as StructNode;
  assert.equal(meta.name, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  assert.deepEqual(fieldType(meta, 'creationTimestamp'), { kind: 'special', type: 'Time' });
  const owners = fieldType(meta, 'ownerReferences');
  assert.equal(owners.kind === 'list' && owners.patchMergeKey, 'uid');
  assert.equal(struct('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector').atomic, true);
  assert.deepEqual(fieldType(struct('io.k8s.api.core.v1.Secret'), 'data'), { kind: 'map', values: { kind: 'scalar', type: 'bytes', format: 'byte' } });
  assert.deepEqual(fieldType(struct('io.k8s.api.apps.v1.RollingUpdateDeployment'), 'maxSurge'), { kind: 'special', type: 'IntOrString' });
  assert.deepEqual(fieldType(struct('io.k8s.api.core.v1.ResourceRequirements'), 'limits'), { kind: 'map', values: { kind: 'special', type: 'Quantity' } });
  assert.deepEqual(fieldType(struct('io.k8s.api.coordination.v1.LeaseSpec'), 'renewTime'), { kind: 'special', type: 'MicroTime' });
  assert.deepEqual(fieldType(struct('io.k8s.api.apps.v1.ControllerRevision'), 'data'), { kind: 'special', type: 'RawExtension' });
});

test('embedded structs are flat in JSON but nested in the protobuf layout', () => {
  const probe = struct('io.k8s.api.core.v1.Probe');
  assert.ok(probe.field('httpGet'));
  assert.ok(probe.field('initialDelaySeconds'));
  assert.equal(probe.field('handler'), undefined);
  const handler = protoFields(probe).find((f) => f.proto === 1);
  assert.equal(handler?.inline, true);
  assert.equal((handler?.type as StructNode).name, 'io.k8s.api.core.v1.ProbeHandler');
  const volume = struct('io.k8s.api.core.v1.Volume');
  assert.ok(volume.field('configMap') && volume.field('name'));
  const ephemeral = struct('io.k8s.api.core.v1.EphemeralContainer');
  assert.ok(ephemeral.field('image') && ephemeral.field('targetContainerName'));
});

test('maps of lists (authorization extra) are maps whose values are lists', () => {
  const extra = fieldType(struct('io.k8s.api.authorization.v1.SubjectAccessReviewSpec'), 'extra');
  assert.deepEqual(extra, { kind: 'map', values: { kind: 'list', items: { kind: 'scalar', type: 'string' }, listType: 'atomic' } });
});

test('typeNameForKind maps served kinds to their schema types', () => {
  assert.equal(typeNameForKind('', 'v1', 'Pod'), 'io.k8s.api.core.v1.Pod');
  assert.equal(typeNameForKind('', 'v1', 'PodList'), 'io.k8s.api.core.v1.PodList');
  assert.equal(typeNameForKind('apps', 'v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(typeNameForKind('autoscaling', 'v2', 'HorizontalPodAutoscaler'), 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
  assert.equal(typeNameForKind('autoscaling', 'v1', 'Scale'), 'io.k8s.api.autoscaling.v1.Scale');
  assert.equal(typeNameForKind('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'), 'io.k8s.api.rbac.v1.ClusterRoleBinding');
  assert.equal(typeNameForKind('events.k8s.io', 'v1', 'Event'), 'io.k8s.api.events.v1.Event');
  assert.equal(typeNameForKind('policy', 'v1', 'DeleteOptions'), 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  assert.equal(typeNameForKind('apps', 'v1', 'Pod'), undefined);
  assert.equal(typeNameForKind('nope.io', 'v1', 'Thing'), undefined);
});

test('unknown type names give an unknown node; nodes are cached', () => {
  assert.deepEqual(schemaNode('io.k8s.api.core.v1.NoSuchThing'), { kind: 'unknown' });
  assert.equal(schemaNode('io.k8s.api.core.v1.PodSpec'), schemaNode('io.k8s.api.core.v1.PodSpec'));
});

test('every built-in kind resolves completely', () => {
  const seen = new Set<string>();
  const visit = (node: SchemaNode): void => {
    if (node.kind === 'list') return visit(node.items);
    if (node.kind === 'map') return visit(node.values);
    if (node.kind !== 'struct' || seen.has(node.name)) return;
    seen.add(node.name);
    for (const f of node.fields()) {
      assert.notEqual(f.type.kind, 'unknown', `${node.name}.${f.name}`);
      visit(f.type);
    }
  };
  let kinds = 0;
  for (const gv of builtinKinds()) {
    for (const kind of gv.kinds) {
      const name = typeNameForKind(gv.group, gv.version, kind);
      assert.ok(name, `${gv.group}/${gv.version} ${kind}`);
      const node = struct(name);
      assert.ok(node.field('apiVersion') && node.field('kind'), name);
      visit(node);
      kinds++;
    }
  }
  assert.ok(kinds > 60, `only ${kinds} kinds`);
  assert.ok(seen.size > 300, `only ${seen.size} types`);
});
