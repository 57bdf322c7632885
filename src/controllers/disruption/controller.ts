// The disruption controller (kube-controller-manager's `disruption`): keeps every
// PodDisruptionBudget's status current — how many of its pods are expected, healthy and
// required, hence how many voluntary disruptions (evictions) are allowed now. Budgets and
// the pods they select feed one queue of budget keys; the pods' controllers are read from
// their caches for the expected scale.

import type { Pod } from '../../api/core/types.js';
import type { PodDisruptionBudget } from '../../api/policy/poddisruptionbudget.js';
import { keyOf, NAMESPACE_INDEX, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { EventRecorder } from '../../client/events.js';
import { deepEqual } from '../../machinery/deep.js';
import { labelSelectorFromMeta, selectorToString } from '../../machinery/labels.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { expectedCounts, type ScaleLookup } from './expected.js';
import { countHealthyPods, prunedDisruptedPods } from './health.js';
import { scaleLookup } from './owners.js';
import { failSafeStatus, nextPdbStatus, type PdbStatus } from './status.js';

export const CONTROLLER_NAME = 'controllermanager';

export function disruptionController(): Controller {
  return new DisruptionController();
}

interface Running {
  client: Client;
  recorder: EventRecorder;
  pdbs: SharedInformer<PodDisruptionBudget>;
  pods: SharedInformer<Pod>;
  scales: ScaleLookup;
}

/** The budget's selector; a malformed one selects nothing (validation keeps them out). */
function selects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  try {
    return labelSelectorFromMeta(pdb.spec?.selector).matches(pod.metadata?.labels ?? {});
  } catch {
    return false;
  }
}

class DisruptionController implements Controller {
  readonly name = 'disruption';
  private readonly queue = new WorkQueue<string>();
  private readonly workers = new WorkerPool();
  private running?: Running;

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const pdbs = informers.informerFor(client.poddisruptionbudgets);
    const pods = informers.informerFor(client.pods);
    const owners = {
      replicationControllers: informers.informerFor(client.replicationcontrollers),
      replicaSets: informers.informerFor(client.replicasets),
      deployments: informers.informerFor(client.deployments),
      statefulSets: informers.informerFor(client.statefulsets),
    };
    const scales = scaleLookup({
      replicationControllers: owners.replicationControllers.indexer,
      replicaSets: owners.replicaSets.indexer,
      deployments: owners.deployments.indexer,
      statefulSets: owners.statefulSets.indexer,
    });

    const enqueue = (pdb: PodDisruptionBudget) => this.queue.add(keyOf(pdb));
    pdbs.addEventHandler({ onAdd: enqueue, onUpdate: (_, p) => enqueue(p), onDelete: enqueue });
    // Every budget selecting the pod (upstream picks one and warns; syncing all is as cheap and never wrong).
    const budgetsOf = (pod: Pod) => pdbs.indexer.byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '').filter((pdb) => selects(pdb, pod)).forEach(enqueue);
    pods.addEventHandler({
      onAdd: budgetsOf,
      onUpdate: (old, pod) => {
        budgetsOf(pod);
        if (!deepEqual(old.metadata?.labels, pod.metadata?.labels)) budgetsOf(old);
      },
      onDelete: budgetsOf,
    });

    this.workers.start(this.queue, [pdbs, pods, ...Object.values(owners)], ctx.options.workers, (key) => this.sync(key));
    this.running = { client, recorder: ctx.recorder(CONTROLLER_NAME), pdbs, pods, scales };
  }

  async stop(): Promise<void> {
    await this.workers.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const r = this.running!;
    const pdb = r.pdbs.indexer.get(key);
    if (!pdb) return;
    const now = new Date();
    const pods = r.pods.indexer.byIndex(NAMESPACE_INDEX, pdb.metadata?.namespace ?? '').filter((pod) => selects(pdb, pod));
    if (pods.length === 0) r.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');

    let counts;
    try {
      counts = expectedCounts(pdb, pods, r.scales);
    } catch (e) {
      const message = (e as Error).message;
      r.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${message}`);
      await this.writeStatus(pdb, failSafeStatus(pdb, message, now));
      // Unlike upstream, which waits for the next event, retry with backoff: the missing controller may just not be cached yet.
      throw e;
    }
    if (counts.unmanagedPods.length > 0) {
      r.recorder.event(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${selectorToString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }

    const disrupted = prunedDisruptedPods(pods, (pdb.status as PdbStatus | undefined)?.disruptedPods, now.getTime());
    for (const pod of disrupted.notDeleted) {
      r.recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${key} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthyPods(pods, disrupted.disruptedPods, now.getTime());
    await this.writeStatus(pdb, nextPdbStatus(pdb, { currentHealthy, desiredHealthy: counts.desiredHealthy, expectedPods: counts.expectedCount, disruptedPods: disrupted.disruptedPods }, now));
    // An eviction entry that expires changes the count of healthy pods: look again then.
    if (disrupted.recheckAtMs !== undefined) this.queue.addAfter(key, disrupted.recheckAtMs - now.getTime() + 1);
  }

  private async writeStatus(pdb: PodDisruptionBudget, status: PdbStatus | undefined): Promise<void> {
    if (status) await this.running!.client.poddisruptionbudgets.updateStatus(undefined, { ...pdb, status: status as PodDisruptionBudget['status'] });
  }
}
