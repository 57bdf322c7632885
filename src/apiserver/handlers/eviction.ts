// pods/eviction, as upstream's EvictionREST: a delete that first asks the pod's
// PodDisruptionBudget. When the budget allows no more disruptions the answer is 429 (kubectl
// drain retries); otherwise the budget's disruptionsAllowed is spent and the pod deleted.

import type { KubeObject } from '../../api/resource.js';
import { labelSelectorFromMeta } from '../../machinery/index.js';
import { StatusError } from '../../machinery/status.js';
import { nowRFC3339 } from '../../machinery/time.js';
import type { Registries } from '../registries.js';
import type { RequestContext } from '../registry/context.js';
import { deleteObject, type DeleteOptions } from '../registry/delete.js';
import type { Registry } from '../registry/registry.js';

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
}

function tooManyRequests(message: string): StatusError {
  return new StatusError(429, 'TooManyRequests', VIOLATION, { causes: [{ reason: 'DisruptionBudget', message }] });
}

/** Terminal, pending and already-terminating pods disrupt nothing, as upstream decides. */
function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return Boolean(pod.metadata?.deletionTimestamp) || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
}

export async function evict(pods: Registry, regs: Registries, ctx: RequestContext, namespace: string, name: string, options: DeleteOptions): Promise<void> {
  const pod = await pods.get(namespace, name);
  const pdbs = regs.lookup('policy', 'v1', 'poddisruptionbudgets');
  if (pdbs && !canIgnoreBudget(pod)) {
    const matching = pdbs.cache.snapshot(pdbs.prefix(namespace)).map((e) => e.obj).filter((pdb) => {
      const sel = (pdb.spec as { selector?: Parameters<typeof labelSelectorFromMeta>[0] } | undefined)?.selector;
      return labelSelectorFromMeta(sel).matches(pod.metadata?.labels ?? {});
    });
    if (matching.length > 1) {
      throw new StatusError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    if (matching.length === 1) await spendDisruption(pdbs, ctx, matching[0], name);
  }
  await deleteObject(pods, ctx, namespace, name, options);
}

async function spendDisruption(pdbs: Registry, ctx: RequestContext, budget: KubeObject, podName: string): Promise<void> {
  const pdbName = budget.metadata!.name!;
  await pdbs.update(ctx, budget.metadata!.namespace, pdbName, (pdb) => {
    const status = (pdb.status ?? {}) as PdbStatus;
    if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) {
      throw tooManyRequests(`The disruption budget ${pdbName} is still being processed by the server.`);
    }
    const allowed = status.disruptionsAllowed ?? 0;
    if (allowed <= 0) {
      throw tooManyRequests(`The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
    }
    pdb.status = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...status.disruptedPods, [podName]: nowRFC3339() } };
    return pdb;
  }, { subresource: 'status' });
}
