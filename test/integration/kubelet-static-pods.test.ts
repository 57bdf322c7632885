// Static pods against a real API server with the fake runtime: a manifest file runs as
// `<name>-<node>`, is mirrored into the API (annotated, owned by the Node, with the status of
// the pod that runs), a deleted mirror comes back, an edited file replaces the pod, and a
// removed file stops it and deletes its mirror. Mirror pods are never run themselves.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Pod } from '../../src/api/core/types.js';
import { eventually } from './apiserver-helpers.js';
import { NODE, podWhere, startKubelet, type KubeletHarness } from './kubelet-harness.js';

let h: KubeletHarness;
let dir: string;
const MIRROR = `static-web-${NODE}`;

const manifest = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: static-web
  namespace: kube-system
  labels: { app: static-web }
spec:
  containers:
  - name: web
    image: ${image}
---
apiVersion: v1
kind: Pod
metadata:
  name: static-side
spec:
  containers:
  - name: side
    image: busybox:1.36
`;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'k8ts-static-'));
  await writeFile(path.join(dir, 'web.yaml'), manifest('nginx:1.27'));
  h = await startKubelet({ staticPodPath: dir });
});
after(async () => {
  await h?.stop();
  await rm(dir, { recursive: true, force: true });
});

const mirror = () => h.client.pods.get('kube-system', MIRROR);
const sandboxUids = async () => new Set((await h.runtime.listPodSandboxes()).filter((s) => s.state === 'READY').map((s) => s.uid));

it('runs the pods of a manifest file and mirrors them into the API', async () => {
  const m = await podWhere(h.client, MIRROR, (p) => p.status?.phase === 'Running', 5000, 'mirror Running', 'kube-system');
  const ann = m.metadata?.annotations ?? {};
  assert.equal(ann['kubernetes.io/config.source'], 'file');
  assert.ok(ann['kubernetes.io/config.hash']);
  assert.equal(ann['kubernetes.io/config.mirror'], ann['kubernetes.io/config.hash']);
  assert.ok(ann['kubernetes.io/config.seen']);
  const node = await h.client.nodes.get(undefined, NODE);
  assert.deepEqual(m.metadata?.ownerReferences?.map((o) => [o.kind, o.name, o.uid]), [['Node', NODE, node.metadata?.uid]]);
  assert.equal(m.metadata?.labels?.app, 'static-web');
  assert.equal(m.spec?.nodeName, NODE);
  const cs = (m.status as any).containerStatuses[0];
  assert.equal(cs.ready, true);
  assert.match(cs.containerID, /^fake:\/\//);
  await podWhere(h.client, `static-side-${NODE}`, (p) => p.status?.phase === 'Running', 5000, 'second document Running');
  // What runs is the static pod (uid = its hash), never the mirror.
  const uids = await sandboxUids();
  assert.ok(uids.has(ann['kubernetes.io/config.hash']));
  assert.ok(!uids.has(m.metadata?.uid ?? ''));
});

it('makes a deleted mirror pod again, without restarting the static pod', async () => {
  const old = await mirror();
  const containerID = (old.status as any).containerStatuses[0].containerID;
  await h.client.pods.delete('kube-system', MIRROR, { gracePeriodSeconds: 0 });
  const again = await eventually(async () => {
    const m = await mirror().catch(() => undefined);
    return m && m.metadata?.uid !== old.metadata?.uid && m.status?.phase === 'Running' ? m : undefined;
  }, 5000, 'mirror made again');
  assert.equal((again!.status as any).containerStatuses[0].containerID, containerID);
});

it('replaces the pod when its file changes, and removes it with the file', async () => {
  const oldHash = (await mirror()).metadata?.annotations?.['kubernetes.io/config.hash'];
  await writeFile(path.join(dir, 'web.yaml'), manifest('nginx:1.28'));
  const m: Pod = await eventually(async () => {
    const p = await mirror().catch(() => undefined);
    return p && p.spec?.containers?.[0]?.image === 'nginx:1.28' && p.status?.phase === 'Running' ? p : undefined;
  }, 5000, 'mirror of the new version Running') as Pod;
  const newHash = m.metadata?.annotations?.['kubernetes.io/config.hash'];
  assert.notEqual(newHash, oldHash);
  await eventually(async () => !(await sandboxUids()).has(oldHash!), 3000, 'old version stopped');
  assert.ok((await sandboxUids()).has(newHash!));

  await rm(path.join(dir, 'web.yaml'));
  await eventually(async () => (await mirror().catch(() => undefined)) === undefined, 5000, 'mirror deleted');
  await eventually(async () => (await h.runtime.listPodSandboxes()).every((s) => s.uid !== newHash), 3000, 'static pod removed from the runtime');
});
