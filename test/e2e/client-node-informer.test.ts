// The official JavaScript client's informer (@kubernetes/client-node 1.4, the version that
// runs on Node 20) against the real `k8ts up`: list, then a newline-delimited watch from the
// list's resourceVersion (compat reference §11). It must see a ConfigMap that kubectl
// creates, updates and deletes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig, makeInformer, type Informer, type ObjectCache, type V1ConfigMap } from '@kubernetes/client-node';
import { startCluster, type Cluster } from './harness.js';

const EVENT_TIMEOUT_MS = 10_000;

/** Resolves with the first object for which `pred` holds, from `on` events; rejects after a timeout. */
function next(informer: Informer<V1ConfigMap>, verb: 'add' | 'update' | 'delete', pred: (o: V1ConfigMap) => boolean, errors: unknown[]): Promise<V1ConfigMap> {
  return new Promise((resolve, reject) => {
    const cb = (o: V1ConfigMap) => {
      if (!pred(o)) return;
      clearTimeout(timer);
      informer.off(verb, cb);
      resolve(o);
    };
    const timer = setTimeout(() => {
      informer.off(verb, cb);
      reject(new Error(`no ${verb} event within ${EVENT_TIMEOUT_MS} ms; informer errors: ${errors.map(String).join('; ') || 'none'}`));
    }, EVENT_TIMEOUT_MS);
    informer.on(verb, cb);
  });
}

describe('@kubernetes/client-node informer', () => {
  let c: Cluster;
  let informer: (Informer<V1ConfigMap> & ObjectCache<V1ConfigMap>) | undefined;
  const errors: unknown[] = [];

  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await informer?.stop();
    await c?.stop();
    c?.cleanup();
  });

  it('sees add, update and delete of a ConfigMap made with kubectl', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const api = kc.makeApiClient(CoreV1Api);
    // One object before the informer starts: it must arrive from the list, not the watch.
    await c.k(['create', 'configmap', 'before', '--from-literal=a=1']);
    informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => api.listNamespacedConfigMap({ namespace: 'default' }));
    informer.on('error', (e) => errors.push(e));
    const connected = new Promise<void>((resolve) => informer!.on('connect', () => resolve()));
    const listedBefore = next(informer, 'add', (o) => o.metadata?.name === 'before', errors);
    await informer.start();
    await listedBefore;
    await connected;

    const named = (o: V1ConfigMap) => o.metadata?.name === 'watched';
    const added = next(informer, 'add', named, errors);
    await c.k(['create', 'configmap', 'watched', '--from-literal=k=v1']);
    assert.equal((await added).data?.k, 'v1');

    const updated = next(informer, 'update', (o) => named(o) && o.data?.k === 'v2', errors);
    await c.k(['patch', 'configmap', 'watched', '--type=merge', '-p', '{"data":{"k":"v2"}}']);
    const u = await updated;
    assert.ok(Number(u.metadata?.resourceVersion) > 0);
    assert.equal(informer.get('watched', 'default')?.data?.k, 'v2', 'the cache holds the new state');

    const deleted = next(informer, 'delete', named, errors);
    await c.k(['delete', 'configmap', 'watched']);
    await deleted;
    assert.equal(informer.get('watched', 'default'), undefined, 'the cache forgot the object');
    const names = informer.list('default').map((o) => o.metadata?.name);
    assert.ok(names.includes('before') && !names.includes('watched'), `cached: ${names.join(', ')}`);
    assert.deepEqual(errors, [], 'the informer reported no errors');
  });
});
