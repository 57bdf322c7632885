// `npm run bench -- scheduler`: the real `k8ts up --simulated-nodes 5000`, end to end through
// the API server and storage: 10,000 pods created by ReplicaSets, bound by the scheduler;
// pods bound per second, and the time from a pod's creation to its binding (both seen from
// a watch). Then the time for a 1,000-replica Deployment to be fully Ready.

import { loadKubeconfig, resolveContext } from '../src/client/kubeconfig.js';
import { startCluster } from '../test/e2e/harness.js';
import { rawClient, type RawClient } from '../test/e2e/raw-client.js';
import { progress, summarize } from './stats.js';
import { agentFor, watch } from './watch.js';

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const REPLICA_SETS = 20;
const DEPLOYMENT_REPLICAS = 1000;
const TIMEOUT_MS = 15 * 60_000;

function template(app: string) {
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

async function post(client: RawClient, path: string, obj: unknown): Promise<void> {
  const r = await client.request('POST', path, { body: JSON.stringify(obj) });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.body.slice(0, 300)}`);
}

async function waitFor(what: string, cond: () => boolean): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > TIMEOUT_MS) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function run(): Promise<Record<string, unknown>> {
  progress(`starting k8ts with ${NODES} simulated nodes`);
  const started = performance.now();
  const cluster = await startCluster({ extraArgs: ['--simulated-nodes', String(NODES)] });
  const client = await rawClient(cluster.kubeconfig);
  const ctx = resolveContext(await loadKubeconfig(cluster.kubeconfig));
  const agent = agentFor(ctx, 8);
  try {
    let readyNodes = 0;
    const stopNodes = await watch(ctx, agent, '/api/v1/nodes?watch=true', (ev) => {
      if (ev.type === 'ADDED') readyNodes++;
    });
    await waitFor(`${NODES} nodes`, () => readyNodes >= NODES);
    stopNodes();
    const nodesReadyS = (performance.now() - started) / 1000;
    await post(client, '/api/v1/namespaces', { metadata: { name: 'bench' } });

    // Pods: when first seen, and when first seen bound.
    const createdAt = new Map<string, number>();
    const boundAt = new Map<string, number>();
    const stopPods = await watch(ctx, agent, '/api/v1/namespaces/bench/pods?watch=true', (ev) => {
      const name = ev.object?.metadata?.name;
      const now = performance.now();
      if (!createdAt.has(name)) createdAt.set(name, now);
      if (ev.object?.spec?.nodeName && !boundAt.has(name)) boundAt.set(name, now);
    });
    progress(`creating ${REPLICA_SETS} ReplicaSets for ${PODS} pods`);
    const t0 = performance.now();
    for (let i = 0; i < REPLICA_SETS; i++) {
      const app = `rs-${i}`;
      await post(client, '/apis/apps/v1/namespaces/bench/replicasets', {
        metadata: { name: app },
        spec: { replicas: PODS / REPLICA_SETS, selector: { matchLabels: { app } }, template: template(app) },
      });
    }
    await waitFor(`${PODS} pods bound`, () => boundAt.size >= PODS);
    const elapsedS = (performance.now() - t0) / 1000;
    stopPods();
    const latencies = [...boundAt].map(([name, t]) => t - createdAt.get(name)!);

    progress(`a Deployment of ${DEPLOYMENT_REPLICAS}`);
    let readyReplicas = 0;
    const stopDeploy = await watch(ctx, agent, '/apis/apps/v1/namespaces/bench/deployments?watch=true', (ev) => {
      readyReplicas = ev.object?.status?.readyReplicas ?? readyReplicas;
    });
    const t1 = performance.now();
    await post(client, '/apis/apps/v1/namespaces/bench/deployments', {
      metadata: { name: 'big' },
      spec: { replicas: DEPLOYMENT_REPLICAS, selector: { matchLabels: { app: 'big' } }, template: template('big') },
    });
    await waitFor('the deployment to be ready', () => readyReplicas >= DEPLOYMENT_REPLICAS);
    const deploymentReadyS = (performance.now() - t1) / 1000;
    stopDeploy();
    return {
      results: {
        nodes: NODES,
        nodesRegisteredAndWatchedS: Math.round(nodesReadyS * 10) / 10,
        pods: PODS,
        podsBoundPerSecond: Math.round(PODS / elapsedS),
        createdToBoundMs: summarize(latencies),
        deployment1000ReadyS: Math.round(deploymentReadyS * 10) / 10,
      },
      targets: { podsBoundPerSecond: '>= 1000' },
    };
  } finally {
    agent.destroy();
    client.close();
    await cluster.stop();
    cluster.cleanup();
  }
}
