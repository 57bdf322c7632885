// What the API server acknowledged must survive the process: a 201 means the write is on
// disk, so SIGKILL in the middle of a write storm loses nothing that was acknowledged, and a
// SIGTERM stop is clean (exit code 0) and loses nothing either.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startCluster, type Cluster } from './harness.js';
import { configMap, rawClient, type RawClient } from './raw-client.js';

const CLIENTS = 32;
const MIN_ACKED = 1_000;
/** Keep writing this long after MIN_ACKED so the kill lands in the middle of the load. */
const EXTRA_LOAD_MS = 300;
const CM = '/api/v1/namespaces/default/configmaps';

/** Every ConfigMap name in default, through a paginated raw list (so big lists stay cheap). */
async function listNames(api: RawClient): Promise<Set<string>> {
  const names = new Set<string>();
  let cont = '';
  do {
    const r = await api.request('GET', `${CM}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    assert.equal(r.status, 200, r.body);
    for (const item of r.json.items) names.add(item.metadata.name);
    cont = r.json.metadata.continue ?? '';
  } while (cont);
  return names;
}

describe('durability across restarts', () => {
  const clusters: Cluster[] = [];
  const clients: RawClient[] = [];
  after(async () => {
    for (const api of clients) api.close();
    for (const c of clusters) await c.stop();
    // All clusters here share one data directory.
    clusters[0]?.cleanup();
  });

  it('SIGKILL under load keeps every acknowledged create', async () => {
    const c = await startCluster();
    clusters.push(c);
    const api = await rawClient(c.kubeconfig, { maxSockets: CLIENTS });
    clients.push(api);
    const acked: string[] = [];
    let stopping = false;
    const failures: string[] = [];
    let reached!: () => void;
    const enough = new Promise<void>((resolve) => (reached = resolve));
    const client = async (id: number) => {
      for (let i = 0; !stopping; i++) {
        const name = `load-${id}-${i}`;
        try {
          const r = await api.request('POST', CM, { body: configMap(name, { i: String(i) }) });
          if (r.status === 201) acked.push(name);
          else failures.push(`${name}: ${r.status} ${r.body.slice(0, 200)}`);
        } catch {
          // The connection died with the server: this create was never acknowledged.
          return;
        }
        if (acked.length === MIN_ACKED) setTimeout(reached, EXTRA_LOAD_MS);
      }
    };
    // If the server dies first, every client returns and the race ends without `enough`.
    await Promise.race([enough, Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)))]);
    // Snapshot before the kill: a reply racing the SIGKILL may or may not count, never both ways.
    const before = [...acked];
    await c.kill();
    stopping = true;
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} creates under load failed`);
    assert.ok(before.length >= MIN_ACKED, `only ${before.length} creates acknowledged before the load stopped\n${c.output()}`);

    const again = await startCluster({ dataDir: c.dataDir });
    clusters.push(again);
    const api2 = await rawClient(again.kubeconfig);
    clients.push(api2);
    const names = await listNames(api2);
    const lost = before.filter((n) => !names.has(n));
    assert.deepEqual(lost.slice(0, 20), [], `${lost.length} of ${before.length} acknowledged creates were lost after SIGKILL`);
    // kubectl agrees with the raw list.
    const kubectlNames = new Set((await again.k(['get', 'cm', '-o', 'name'])).trim().split('\n'));
    assert.ok(before.every((n) => kubectlNames.has(`configmap/${n}`)), 'kubectl lists every acknowledged ConfigMap');
  });

  it('SIGTERM stops with exit code 0 and keeps objects', async () => {
    const c = clusters.at(-1)!;
    await c.k(['create', 'configmap', 'before-sigterm', '--from-literal=a=b']);
    const count = (await listNames(clients.at(-1)!)).size;
    assert.equal(await c.stop(), 0, `k8ts exit code on SIGTERM\n${c.output()}`);
    assert.match(c.output(), /stopped/);

    const again = await startCluster({ dataDir: c.dataDir });
    clusters.push(again);
    const api = await rawClient(again.kubeconfig);
    clients.push(api);
    const names = await listNames(api);
    assert.ok(names.has('before-sigterm'));
    assert.equal(names.size, count, 'the same objects after a clean restart');
    assert.equal(JSON.parse(await again.k(['get', 'cm', 'before-sigterm', '-o', 'json'])).data.a, 'b');
  });
});
