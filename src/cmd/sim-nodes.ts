// `k8ts sim-nodes`: simulated nodes (as kwok) joining any running cluster over HTTPS, for
// trying the control plane at scale. Runs until Ctrl-C or SIGTERM; the Nodes stay behind
// and turn NotReady, as those of stopped kubelets do.

import { InvalidArgumentError } from 'commander';
import { Client, HttpsTransport, SharedInformerFactory } from '../client/index.js';
import { DEFAULT_CAPACITY, SimulatedNodes } from '../kubelet/hollow/index.js';

export interface SimNodesOptions {
  kubeconfig: string;
  count: number;
  namePrefix?: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
}

/** Reports every this many registrations (and the last). */
const PROGRESS_EVERY = 100;

function progress(msg: string): void {
  process.stdout.write(`k8ts: ${msg}\n`);
}

/** Commander's accumulator for repeated `--label key=value`. */
export function labelFlag(v: string, labels: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError('must be key=value');
  return { ...labels, [v.slice(0, i)]: v.slice(i + 1) };
}

export async function runSimNodes(o: SimNodesOptions): Promise<void> {
  const transport = await HttpsTransport.fromKubeconfigFile(o.kubeconfig, undefined, { userAgent: 'k8ts-sim-nodes' });
  const client = new Client(transport);
  try {
    // Fail at once with a clear message rather than retrying registrations forever.
    await client.namespaces.get(undefined, 'kube-node-lease');
  } catch (e) {
    client.close();
    throw new Error(`cannot use the cluster of ${o.kubeconfig}: ${(e as Error).message}; is it running, and is kube-node-lease there?`);
  }
  const capacity = { ...DEFAULT_CAPACITY, ...(o.cpu && { cpu: o.cpu }), ...(o.memory && { memory: o.memory }), ...(o.pods && { pods: o.pods }) };
  const informers = new SharedInformerFactory();
  const sim = new SimulatedNodes({
    client,
    informers,
    count: o.count,
    namePrefix: o.namePrefix,
    capacity,
    labels: o.labels,
    onProgress: (done, total) => {
      if (done % PROGRESS_EVERY === 0 || done === total) progress(`registered ${done}/${total} nodes…`);
    },
  });
  progress(`starting ${o.count} simulated nodes (${Object.entries(capacity).map(([k, v]) => `${k}=${v}`).join(', ')})`);
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      progress(`${signal}: stopping`);
      sim
        .stop()
        .then(() => informers.stop())
        .then(resolve, (e) => {
          process.stderr.write(`k8ts: error while stopping: ${(e as Error).message}\n`);
          resolve();
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  await Promise.race([sim.start().then(() => progress('all nodes registered; press Ctrl-C to stop')), stopped]);
  await stopped;
  client.close();
  progress('stopped');
}
