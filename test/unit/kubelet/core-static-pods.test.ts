// Static pods read from a manifest directory: naming, defaulting, annotations, the uid as a
// hash of the manifest, several documents per file, and the mirror pod made from them.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { mirrorMatches, mirrorPod } from '../../../src/kubelet/mirror-pods.js';
import { isMirrorPod, isStaticPod, staticPod, StaticPodSource } from '../../../src/kubelet/static-pods.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'k8ts-static-unit-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const doc = (image = 'nginx:1.27'): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'etcd', labels: { tier: 'control' } }, spec: { containers: [{ name: 'etcd', image }] } });

it('names, defaults and annotates a static pod, with a uid that follows its content', () => {
  const p = staticPod(doc(), 'node-1', '/m/etcd.yaml', () => 'SEEN');
  assert.equal(p.metadata?.name, 'etcd-node-1');
  assert.equal(p.metadata?.namespace, 'default');
  assert.equal(p.spec?.nodeName, 'node-1');
  assert.equal(p.spec?.restartPolicy, 'Always');
  assert.equal(p.spec?.containers?.[0].imagePullPolicy, 'IfNotPresent');
  const ann = p.metadata?.annotations ?? {};
  assert.equal(ann['kubernetes.io/config.source'], 'file');
  assert.equal(ann['kubernetes.io/config.hash'], p.metadata?.uid);
  assert.equal(ann['kubernetes.io/config.seen'], 'SEEN');
  assert.ok(isStaticPod(p) && !isMirrorPod(p));
  assert.equal(staticPod(doc(), 'node-1', '/m/etcd.yaml', () => 'LATER').metadata?.uid, p.metadata?.uid);
  assert.notEqual(staticPod(doc('nginx:1.28'), 'node-1', '/m/etcd.yaml', () => 'x').metadata?.uid, p.metadata?.uid);
  assert.notEqual(staticPod(doc(), 'node-2', '/m/etcd.yaml', () => 'x').metadata?.uid, p.metadata?.uid);
});

it('mirrors a static pod: annotated with its hash, owned by the Node', () => {
  const p = staticPod(doc(), 'node-1', '/m/etcd.yaml', () => 'SEEN');
  const m = mirrorPod(p, 'node-1', 'node-uid');
  assert.equal(m.metadata?.annotations?.['kubernetes.io/config.mirror'], p.metadata?.uid);
  assert.deepEqual(m.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'node-uid', controller: true }]);
  assert.equal(m.metadata?.uid, undefined);
  assert.ok(isMirrorPod(m));
  assert.ok(mirrorMatches(m, p));
  assert.ok(!mirrorMatches(m, staticPod(doc('nginx:1.28'), 'node-1', '/m/etcd.yaml', () => 'x')));
  assert.ok(!mirrorMatches({ ...m, metadata: { ...m.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }, p));
});

it('reads every document of every manifest file and skips broken ones', async () => {
  await writeFile(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: kube-system}\nspec: {containers: [{name: c, image: x}]}\n');
  await writeFile(path.join(dir, 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c' }, spec: { containers: [{ name: 'c', image: 'x' }] } }));
  await writeFile(path.join(dir, 'broken.yaml'), 'kind: Service\n');
  await writeFile(path.join(dir, '.hidden.yaml'), 'kind: [');
  const changes: string[][] = [];
  const src = new StaticPodSource(dir, 'n', 60_000, (pods) => changes.push(pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()));
  await src.start();
  await src.stop();
  assert.deepEqual(changes, [['default/a-n', 'default/c-n', 'kube-system/b-n']]);
});
