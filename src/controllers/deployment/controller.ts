// The Deployment controller (kube-controller-manager's `deployment`): Deployments,
// ReplicaSets and pod deletions feed one queue of Deployment keys; each sync reads the
// informer caches and moves the Deployment one step towards its spec through the API.

import type { EventRecorder } from '../../client/events.js';
import { isConflict, keyOf, NAMESPACE_INDEX, WorkQueue, type Client } from '../../client/index.js';
import { deepCopy } from '../../machinery/deep.js';
import { labelSelectorFromMeta } from '../../machinery/labels.js';
import { getControllerOf } from '../common/controller-ref.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import type { DeploymentEnv } from './env.js';
import { keysForDeletedPod, keysForDeletedReplicaSet, keysForReplicaSet, keysForReplicaSetUpdate, type Caches } from './handlers.js';
import { podMapForDeployment, syncDeployment } from './sync.js';
import type { Deployment, ReplicaSet } from './types.js';

export const CONTROLLER_NAME = 'deployment-controller';

export function deploymentController(): Controller {
  return new DeploymentController();
}

class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly queue = new WorkQueue<string>();
  private readonly workers = new WorkerPool();

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const deployments = informers.informerFor(client.resource<Deployment>(client.deployments.ref));
    const replicaSets = informers.informerFor(client.resource<ReplicaSet>(client.replicasets.ref));
    const pods = informers.informerFor(client.pods);
    const caches: Caches = { deployments: deployments.indexer, replicaSets: replicaSets.indexer, pods: pods.indexer };
    const env = this.env(client, ctx.recorder(CONTROLLER_NAME), caches);
    const enqueue = (keys: Iterable<string>) => {
      for (const k of keys) this.queue.add(k);
    };

    deployments.addEventHandler({
      onAdd: (d) => this.queue.add(keyOf(d)),
      onUpdate: (_, d) => this.queue.add(keyOf(d)),
      onDelete: (d) => this.queue.add(keyOf(d)),
    });
    replicaSets.addEventHandler({
      // One already being deleted (seen after a restart) counts as deleted.
      onAdd: (rs) => enqueue(rs.metadata?.deletionTimestamp ? keysForDeletedReplicaSet(caches, rs) : keysForReplicaSet(caches, rs)),
      onUpdate: (old, rs) => enqueue(keysForReplicaSetUpdate(caches, old, rs)),
      onDelete: (rs) => enqueue(keysForDeletedReplicaSet(caches, rs)),
    });
    pods.addEventHandler({ onDelete: (pod) => enqueue(keysForDeletedPod(caches, pod, (d) => podsLeft(caches, d))) });

    this.workers.start(this.queue, [deployments, replicaSets, pods], ctx.options.workers, (key) => this.sync(caches, env, key));
  }

  async stop(): Promise<void> {
    await this.workers.shutDown();
  }

  private env(client: Client, recorder: EventRecorder, caches: Caches): DeploymentEnv {
    return {
      client,
      recorder,
      replicaSets: caches.replicaSets,
      pods: caches.pods,
      now: () => new Date(),
      requeue: (d, ms) => (ms > 0 ? this.queue.addAfter(keyOf(d), ms) : this.queue.addRateLimited(keyOf(d))),
    };
  }

  private async sync(caches: Caches, env: DeploymentEnv, key: string): Promise<void> {
    const cached = caches.deployments.get(key);
    // Deleted: its ReplicaSets go with it through the garbage collector.
    if (!cached) return;
    try {
      await syncDeployment(env, deepCopy(cached));
    } catch (e) {
      // A conflict means our cache was behind: the newer version's informer event queues
      // this Deployment again, so there is nothing to retry (and nothing to warn about).
      if (!isConflict(e)) throw e;
    }
  }
}

/** Pods still present for `d`'s ReplicaSets (whatever their phase). */
function podsLeft(c: Caches, d: Deployment): number {
  let selector;
  try {
    selector = labelSelectorFromMeta(d.spec?.selector);
  } catch {
    return 0;
  }
  const owned = c.replicaSets.byIndex(NAMESPACE_INDEX, d.metadata?.namespace ?? '').filter((rs) => selector.matches(rs.metadata?.labels) && getControllerOf(rs)?.uid === d.metadata?.uid);
  let n = 0;
  for (const list of podMapForDeployment(c.pods, d, owned).values()) n += list.length;
  return n;
}
