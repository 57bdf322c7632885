import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deserializePathElement,
  fieldElement,
  FieldSet,
  indexElement,
  keyElement,
  pathToString,
  serializePathElement,
  toFieldSet,
  valueElement,
} from '../../../src/apiserver/fieldmanager/index.js';
import { deployment, deploymentSchema } from './fieldmanager-schema.js';

const f = fieldElement;

describe('path elements', () => {
  it('serializes keys with sorted fields, as upstream', () => {
    assert.equal(serializePathElement(keyElement([['protocol', 'TCP'], ['containerPort', 80]])), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(serializePathElement(f('app.kubernetes.io/name')), 'f:app.kubernetes.io/name');
    assert.equal(serializePathElement(valueElement('example.com/x')), 'v:"example.com/x"');
    assert.equal(serializePathElement(indexElement(3)), 'i:3');
  });

  it('escapes like Go encoding/json', () => {
    assert.equal(serializePathElement(valueElement('a<b>&c')), 'v:"a\\u003cb\\u003e\\u0026c"');
  });

  it('round-trips through deserialization', () => {
    for (const s of ['f:spec', 'k:{"containerPort":80,"protocol":"TCP"}', 'v:"x"', 'v:5', 'i:0']) {
      assert.equal(serializePathElement(deserializePathElement(s)!), s);
    }
    assert.equal(serializePathElement(deserializePathElement('k:{"protocol":"TCP","containerPort":80}')!), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(deserializePathElement('z:whatever'), undefined);
    assert.throws(() => deserializePathElement('f'));
    assert.throws(() => deserializePathElement('fx'));
  });

  it('prints paths as conflict messages do', () => {
    const path = [f('spec'), f('template'), f('spec'), f('containers'), keyElement([['name', 'nginx']]), f('ports'), keyElement([['containerPort', 80], ['protocol', 'TCP']])];
    assert.equal(pathToString(path), '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]');
    assert.equal(pathToString([f('metadata'), f('finalizers'), valueElement('a')]), '.metadata.finalizers[="a"]');
  });
});

describe('FieldSet', () => {
  const a = FieldSet.of([f('spec'), f('replicas')], [f('metadata'), f('labels'), f('app')]);
  const b = FieldSet.of([f('spec'), f('replicas')], [f('spec'), f('paused')]);

  it('computes union, intersection and difference', () => {
    assert.deepEqual(a.union(b).toFieldsV1(), { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:paused': {}, 'f:replicas': {} } });
    assert.deepEqual(a.intersection(b).toFieldsV1(), { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(a.difference(b).toFieldsV1(), { 'f:metadata': { 'f:labels': { 'f:app': {} } } });
    assert.ok(a.intersection(FieldSet.of([f('status')])).empty());
  });

  it('difference keeps children of a removed parent; recursiveDifference does not', () => {
    const parent = FieldSet.of([f('metadata'), f('labels')]);
    const withChild = FieldSet.of([f('metadata'), f('labels'), f('app')]);
    assert.deepEqual(withChild.difference(parent).toFieldsV1(), { 'f:metadata': { 'f:labels': { 'f:app': {} } } });
    assert.ok(withChild.recursiveDifference(parent).empty());
  });

  it('lists paths in upstream order (members first, then children)', () => {
    const s = FieldSet.of([f('spec'), f('template'), f('x')], [f('spec'), f('replicas')], [f('metadata'), f('labels'), f('a')]);
    assert.deepEqual(s.paths().map(pathToString), ['.metadata.labels.a', '.spec.replicas', '.spec.template.x']);
  });

  it('writes "." for an element that is both a member and a parent, and reads it back', () => {
    const item = [f('spec'), f('containers'), keyElement([['name', 'nginx']])];
    const s = FieldSet.of(item, [...item, f('image')]);
    const json = s.toFieldsV1();
    assert.deepEqual(json, { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } } } });
    assert.deepEqual(Object.keys((json['f:spec'] as any)['f:containers']['k:{"name":"nginx"}']), ['.', 'f:image']);
    const back = FieldSet.fromFieldsV1(JSON.parse(JSON.stringify(json)));
    assert.ok(back.has(item));
    assert.ok(back.has([...item, f('image')]));
    assert.ok(!back.has([f('spec'), f('containers')]));
    assert.deepEqual(back.toFieldsV1(), json);
  });

  it('orders fields before keys before values before indexes, and sorts within each', () => {
    const s = FieldSet.of([indexElement(1)], [valueElement('b')], [valueElement(2)], [keyElement([['name', 'z']])], [f('b')], [f('a')], [valueElement(1.5)]);
    assert.deepEqual(Object.keys(s.toFieldsV1()), ['f:a', 'f:b', 'k:{"name":"z"}', 'v:1.5', 'v:2', 'v:"b"', 'i:1']);
  });

  it('ignores unknown element kinds and rejects malformed FieldsV1', () => {
    assert.deepEqual(FieldSet.fromFieldsV1({ 'f:a': {}, 'x:future': {} }).toFieldsV1(), { 'f:a': {} });
    assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': 1 }));
    assert.throws(() => FieldSet.fromFieldsV1({ 'k:notjson': {} }));
  });
});

describe('toFieldSet', () => {
  it('builds the field set of an applied Deployment as upstream', () => {
    const obj = deployment(
      {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.27', args: ['-g'], ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], resources: {} }],
          },
        },
      },
      { labels: { app: 'web' }, finalizers: ['example.com/x'] },
    );
    assert.deepEqual(toFieldSet(obj, deploymentSchema).toFieldsV1(), {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:finalizers': { 'v:"example.com/x"': {} }, 'f:labels': { 'f:app': {} }, 'f:name': {}, 'f:namespace': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:args': {},
                'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                'f:resources': {},
              },
            },
          },
        },
      },
    });
  });

  it('treats schemaless objects as granular maps and their lists as atomic', () => {
    const s = toFieldSet({ a: { b: 1, c: [1, 2] } }, { kind: 'unknown' });
    assert.deepEqual(s.toFieldsV1(), { 'f:a': { '.': {}, 'f:b': {}, 'f:c': {} } });
  });

  it('reports map-list items without keys and duplicate keys', () => {
    const errors: string[] = [];
    toFieldSet(deployment({ template: { spec: { containers: [{ image: 'x' }, { name: 'a' }, { name: 'a' }] } } }), deploymentSchema, { errors });
    assert.deepEqual(errors, [
      '.spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)',
      '.spec.template.spec.containers: duplicate entries for key [name="a"]',
    ]);
  });
});
