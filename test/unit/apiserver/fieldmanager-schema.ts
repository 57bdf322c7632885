// A hand-built Deployment-like schema for the fieldmanager tests, so they do not depend on
// the generated schemas of src/api.

import type { FieldInfo, SchemaNode, StructNode } from '../../../src/machinery/schema-node.js';

const str: SchemaNode = { kind: 'scalar', type: 'string' };
const int: SchemaNode = { kind: 'scalar', type: 'integer' };

export function struct(name: string, fields: Record<string, SchemaNode>, atomic = false): StructNode {
  const infos: FieldInfo[] = Object.entries(fields).map(([n, type], i) => ({ name: n, proto: i + 1, type }));
  return { kind: 'struct', name, field: (n) => infos.find((f) => f.name === n), fields: () => infos, atomic };
}

const stringMap: SchemaNode = { kind: 'map', values: str };

const objectMeta = struct('ObjectMeta', {
  name: str,
  namespace: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: { kind: 'special', type: 'Time' },
  labels: stringMap,
  annotations: stringMap,
  finalizers: { kind: 'list', items: str, listType: 'set' },
  managedFields: { kind: 'list', items: { kind: 'unknown' }, listType: 'atomic' },
});

const container = struct('Container', {
  name: str,
  image: str,
  args: { kind: 'list', items: str, listType: 'atomic' },
  ports: {
    kind: 'list',
    listType: 'map',
    mapKeys: ['containerPort', 'protocol'],
    items: struct('ContainerPort', { name: str, containerPort: int, protocol: str }),
  },
  env: { kind: 'list', listType: 'map', mapKeys: ['name'], items: struct('EnvVar', { name: str, value: str }) },
  resources: struct('ResourceRequirements', { limits: stringMap, requests: stringMap }),
});

export const deploymentSchema = struct('Deployment', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('DeploymentSpec', {
    replicas: int,
    paused: { kind: 'scalar', type: 'boolean' },
    selector: struct('LabelSelector', { matchLabels: stringMap }, true),
    strategy: struct('DeploymentStrategy', {
      type: str,
      rollingUpdate: struct('RollingUpdateDeployment', { maxSurge: { kind: 'special', type: 'IntOrString' }, maxUnavailable: { kind: 'special', type: 'IntOrString' } }),
    }),
    template: struct('PodTemplateSpec', {
      metadata: objectMeta,
      spec: struct('PodSpec', { containers: { kind: 'list', listType: 'map', mapKeys: ['name'], items: container } }),
    }),
  }),
  status: struct('DeploymentStatus', { replicas: int }),
});

/** A Deployment as kubectl would send it. */
export function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}
