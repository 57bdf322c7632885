// The real kubectl against the real `k8ts up`: create, apply (client-side and server-side),
// get in every output form, describe, edit, label, annotate, patch, scale, replace, delete,
// api-resources — the everyday commands, checked on what they print and what they change.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { manifest, startCluster, type Cluster } from './harness.js';

let c: Cluster;
before(async () => {
  c = await startCluster();
});
after(async () => {
  await c?.stop();
  c?.cleanup();
});

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {app: web, tier: front}
data:
  color: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: busybox:1.36
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;

test('api-resources lists the built-in kinds with short names', async () => {
  const out = await c.k(['api-resources']);
  assert.match(out, /^pods\s+po\s+v1\s+true\s+Pod$/m);
  assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  assert.match(out, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  assert.match(out, /^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m);
});

test('create -f of a multi-document file creates every object', async () => {
  const out = await c.k(['create', '-f', manifest(c, 'app.yaml', APP)]);
  assert.match(out, /namespace\/shop created/);
  assert.match(out, /configmap\/settings created/);
  assert.match(out, /deployment.apps\/web created/);
  assert.match(out, /service\/web created/);
  const again = await c.kubectl(['create', '-f', manifest(c, 'app.yaml', APP)]);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /AlreadyExists.*namespaces "shop" already exists/);
});

test('get prints upstream tables, wide columns, and every output format', async () => {
  const table = await c.k(['get', 'deploy', '-n', 'shop']);
  assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
  assert.match(table, /^web\s+\d\/2\s+\d+\s+\d+\s+\d+s$/m);
  const wide = await c.k(['get', 'deploy', '-n', 'shop', '-o', 'wide']);
  assert.match(wide, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
  assert.match(wide, /web\s+busybox:1\.36\s+app=web$/m);
  const svc = await c.k(['get', 'svc', 'web', '-n', 'shop']);
  assert.match(svc, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n/);
  assert.match(svc, /web\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP/);
  const yaml = await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'yaml']);
  assert.match(yaml, /color: blue/);
  assert.match(yaml, /resourceVersion: "\d+"/);
  assert.match(yaml, /uid: [0-9a-f-]{36}/);
  const json = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
  assert.equal(json.spec.strategy.type, 'RollingUpdate', 'defaults applied');
  assert.equal(json.metadata.generation, 1);
  assert.equal(await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}']), 'blue');
  const names = await c.k(['get', 'cm,deploy', '-n', 'shop', '-o', 'name']);
  assert.match(names, /configmap\/settings/);
  assert.match(names, /deployment.apps\/web/);
});

test('get selects with -l, --field-selector and -A', async () => {
  assert.match(await c.k(['get', 'cm', '-n', 'shop', '-l', 'tier=front']), /settings/);
  const none = await c.kubectl(['get', 'cm', '-n', 'shop', '-l', 'tier in (back)']);
  assert.match(none.stderr, /No resources found in shop namespace/);
  assert.match(await c.k(['get', 'cm', '-n', 'shop', '--field-selector', 'metadata.name=settings']), /settings/);
  const all = await c.k(['get', 'cm', '-A']);
  assert.match(all, /^NAMESPACE\s+NAME\s+DATA\s+AGE\n/);
  assert.match(all, /^shop\s+settings\s+1\s+/m);
  const labels = await c.k(['get', 'cm', 'settings', '-n', 'shop', '--show-labels']);
  assert.match(labels, /app=web,tier=front/);
});

test('get -w receives live changes', async () => {
  const watcher = spawn('kubectl', ['--kubeconfig', c.kubeconfig, 'get', 'cm', '-n', 'shop', '-w', '--output-watch-events'], {
    env: { ...process.env, KUBECACHEDIR: `${c.dataDir}/kubecache`, HOME: c.dataDir },
  });
  let out = '';
  watcher.stdout.on('data', (d) => (out += d));
  try {
    await waitFor(() => /settings/.test(out), 'the initial list');
    await c.k(['create', 'cm', 'live-one', '-n', 'shop', '--from-literal=a=b']);
    await waitFor(() => /ADDED\s+live-one/.test(out), 'the ADDED event');
    await c.k(['delete', 'cm', 'live-one', '-n', 'shop']);
    await waitFor(() => /DELETED\s+live-one/.test(out), 'the DELETED event');
  } finally {
    watcher.kill();
  }
});

test('describe shows the object in upstream form', async () => {
  const out = await c.k(['describe', 'cm', 'settings', '-n', 'shop']);
  assert.match(out, /^Name:\s+settings$/m);
  assert.match(out, /^Namespace:\s+shop$/m);
  assert.match(out, /^color:\n----\nblue$/m);
  const deploy = await c.k(['describe', 'deploy', 'web', '-n', 'shop']);
  assert.match(deploy, /Replicas:\s+2 desired/);
  assert.match(deploy, /StrategyType:\s+RollingUpdate/);
});

test('apply -f twice (client-side) changes what changed', async () => {
  const v1 = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: shop\ndata:\n  a: "1"\n  b: "2"\n`;
  assert.match(await c.k(['apply', '-f', manifest(c, 'a1.yaml', v1)]), /configmap\/applied created/);
  const v2 = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: shop\n  labels: {stage: two}\ndata:\n  a: "10"\n`;
  assert.match(await c.k(['apply', '-f', manifest(c, 'a2.yaml', v2)]), /configmap\/applied configured/);
  const obj = JSON.parse(await c.k(['get', 'cm', 'applied', '-n', 'shop', '-o', 'json']));
  assert.deepEqual(obj.data, { a: '10' }, 'b was removed because the last applied configuration had it');
  assert.equal(obj.metadata.labels.stage, 'two');
  assert.match(obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], /"a":"10"/);
  assert.match(await c.k(['apply', '-f', manifest(c, 'a2.yaml', v2)]), /configmap\/applied unchanged/);
  // A Deployment: strategic merge keeps containers merged by name.
  const dep = APP.split('---\n')[2].replace('image: busybox:1.36', 'image: busybox:1.37');
  assert.match(await c.k(['apply', '-f', manifest(c, 'dep.yaml', dep)]), /deployment.apps\/web configured/);
  const d = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
  assert.equal(d.spec.template.spec.containers.length, 1);
  assert.equal(d.spec.template.spec.containers[0].image, 'busybox:1.37');
  assert.equal(d.metadata.generation, 2, 'a spec change bumps generation');
});

test('apply --server-side twice, with managed fields and conflicts', async () => {
  const v1 = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: shop\ndata:\n  x: "1"\n  y: "2"\n`;
  assert.match(await c.k(['apply', '--server-side', '-f', manifest(c, 's1.yaml', v1)]), /configmap\/ssa serverside-applied/);
  const v2 = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: shop\ndata:\n  x: "3"\n`;
  assert.match(await c.k(['apply', '--server-side', '-f', manifest(c, 's2.yaml', v2)]), /serverside-applied/);
  const obj = JSON.parse(await c.k(['get', 'cm', 'ssa', '-n', 'shop', '-o', 'json', '--show-managed-fields']));
  assert.deepEqual(obj.data, { x: '3' }, 'y is gone: the manager stopped applying it');
  const mf = obj.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl');
  assert.equal(mf.operation, 'Apply');
  assert.ok(mf.fieldsV1['f:data']['f:x'], 'kubectl owns data.x');
  // Another manager changing x conflicts until forced.
  const other = await c.kubectl(['apply', '--server-side', '--field-manager', 'other', '-f', manifest(c, 's3.yaml', v1.replace('x: "1"', 'x: "9"'))]);
  assert.notEqual(other.code, 0);
  assert.match(other.stderr, /conflict with "kubectl".*\.data\.x/s);
  await c.k(['apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', manifest(c, 's3.yaml', v1.replace('x: "1"', 'x: "9"'))]);
  assert.equal(await c.k(['get', 'cm', 'ssa', '-n', 'shop', '-o', 'jsonpath={.data.x}']), '9');
});

test('edit through a scripted EDITOR', async () => {
  const editor = manifest(c, 'editor.sh', '#!/bin/sh\nsed -i "s/color: blue/color: green/" "$1"\n');
  chmodSync(editor, 0o755);
  const out = await c.k(['edit', 'cm', 'settings', '-n', 'shop'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
  assert.match(out, /configmap\/settings edited/);
  assert.equal(await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}']), 'green');
});

test('label and annotate', async () => {
  assert.match(await c.k(['label', 'cm', 'settings', '-n', 'shop', 'env=prod']), /configmap\/settings labeled/);
  assert.match(await c.k(['annotate', 'cm', 'settings', '-n', 'shop', 'owner=alice']), /configmap\/settings annotated/);
  const meta = JSON.parse(await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.metadata}']));
  assert.equal(meta.labels.env, 'prod');
  assert.equal(meta.annotations.owner, 'alice');
  assert.match(await c.k(['label', 'cm', 'settings', '-n', 'shop', 'env-']), /configmap\/settings unlabeled/);
  const clash = await c.kubectl(['annotate', 'cm', 'settings', '-n', 'shop', 'owner=bob']);
  assert.match(clash.stderr, /already has a value \(alice\)/);
});

test('patch with all three types', async () => {
  await c.k(['patch', 'cm', 'settings', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"size":"L"}}']);
  await c.k(['patch', 'cm', 'settings', '-n', 'shop', '--type', 'json', '-p', '[{"op":"replace","path":"/data/size","value":"XL"}]']);
  await c.k(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"MODE","value":"fast"}]}]}}}}']);
  assert.equal(await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.size}']), 'XL');
  const d = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
  assert.equal(d.spec.template.spec.containers.length, 1, 'merged into the container named web');
  assert.deepEqual(d.spec.template.spec.containers[0].env, [{ name: 'MODE', value: 'fast' }]);
  const bad = await c.kubectl(['patch', 'cm', 'settings', '-n', 'shop', '--type', 'json', '-p', '[{"op":"remove","path":"/data/nothing"}]']);
  assert.notEqual(bad.code, 0);
});

test('scale sets spec.replicas through the scale subresource', async () => {
  assert.match(await c.k(['scale', 'deploy', 'web', '-n', 'shop', '--replicas', '5']), /deployment.apps\/web scaled/);
  assert.equal(await c.k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']), '5');
  const stale = await c.kubectl(['scale', 'deploy', 'web', '-n', 'shop', '--replicas', '1', '--current-replicas', '3']);
  assert.notEqual(stale.code, 0, '--current-replicas is a precondition');
});

test('replace -f swaps the whole object', async () => {
  const cm = JSON.parse(await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'json']));
  cm.data = { only: 'this' };
  assert.match(await c.k(['replace', '-f', manifest(c, 'replace.json', JSON.stringify(cm))]), /configmap\/settings replaced/);
  assert.equal(await c.k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data}']), '{"only":"this"}');
  // The same file again is stale: its resourceVersion is old now.
  const stale = await c.kubectl(['replace', '-f', manifest(c, 'replace.json', JSON.stringify(cm))]);
  assert.match(stale.stderr, /the object has been modified; please apply your changes to the latest version and try again/);
});

test('delete by name, by label, --all, and a whole namespace', async () => {
  for (const n of ['d1', 'd2', 'd3', 'd4']) await c.k(['create', 'cm', n, '-n', 'shop', '--from-literal=k=v']);
  await c.k(['label', 'cm', 'd2', 'd3', '-n', 'shop', 'gone=yes']);
  assert.match(await c.k(['delete', 'cm', 'd1', '-n', 'shop']), /configmap "d1" deleted/);
  const byLabel = await c.k(['delete', 'cm', '-n', 'shop', '-l', 'gone=yes']);
  assert.match(byLabel, /configmap "d2" deleted/);
  assert.match(byLabel, /configmap "d3" deleted/);
  const left = await c.k(['get', 'cm', '-n', 'shop', '-o', 'name']);
  assert.doesNotMatch(left, /configmap\/d[123]\b/);
  assert.match(left, /configmap\/d4/);
  await c.k(['delete', 'cm', '--all', '-n', 'shop']);
  assert.equal((await c.k(['get', 'cm', '-n', 'shop', '-o', 'name'])).trim(), '');
  await c.k(['create', 'cm', 'doomed', '-n', 'shop', '--from-literal=k=v']);
  const del = await c.k(['delete', 'namespace', 'shop', '--timeout=60s']);
  assert.match(del, /namespace "shop" deleted/);
  const gone = await c.kubectl(['get', 'ns', 'shop']);
  assert.match(gone.stderr, /namespaces "shop" not found/);
  assert.match((await c.kubectl(['get', 'deploy', '-A', '-o', 'name'])).stdout, /^$/);
});

test('objects survive a restart on the same data directory', async () => {
  await c.k(['create', 'namespace', 'keep']);
  await c.k(['create', 'cm', 'kept', '-n', 'keep', '--from-literal=k=v']);
  assert.equal(await c.stop(), 0, 'SIGTERM stops cleanly');
  c = await startCluster({ dataDir: c.dataDir });
  assert.equal(await c.k(['get', 'cm', 'kept', '-n', 'keep', '-o', 'jsonpath={.data.k}']), 'v');
});

async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
