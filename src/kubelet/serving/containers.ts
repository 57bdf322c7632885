// Finding a pod's containers in the runtime by the labels every runtime puts on them.

import { CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_NAMESPACE_LABEL, type ContainerStatus, type ContainerSummary, type Runtime } from '../runtime/types.js';

export class ServingError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The container's instances, newest attempt first. */
async function instances(runtime: Runtime, namespace: string, pod: string, container: string): Promise<ContainerSummary[]> {
  const all = await runtime.listContainers();
  return all
    .filter((c) => c.labels[POD_NAMESPACE_LABEL] === namespace && c.labels[POD_NAME_LABEL] === pod && c.labels[CONTAINER_NAME_LABEL] === container)
    .sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
}

/**
 * The current instance, or with `previous` the last one that ended (the status's lastState):
 * the newest when it has exited and waits to be restarted, else the one before it.
 */
export async function findContainer(runtime: Runtime, namespace: string, pod: string, container: string, previous = false): Promise<ContainerStatus> {
  const found = await instances(runtime, namespace, pod, container);
  const c = !previous ? found[0] : found[0]?.state === 'EXITED' ? found[0] : found[1];
  const status = c && (await runtime.containerStatus(c.id));
  if (status) return status;
  if (previous) throw new ServingError(400, `previous terminated container "${container}" in pod "${pod}" not found`);
  throw new ServingError(404, `container "${container}" in pod "${pod}" is not available`);
}
