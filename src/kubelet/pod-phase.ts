// The pod phase from its container statuses, as upstream's getPhase (kubelet_pods.go):
// Pending until every container has started, Running while any runs (or all will be restarted),
// Succeeded / Failed once every container has stopped and none will be restarted.

import type { Pod } from '../api/core/types.js';
import type { ApiContainerStatus } from './container-statuses.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export const isTerminalPhase = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

/** `podIsTerminal`: the pod is being shut down for good (deleted), so nothing will be restarted. */
export function podPhase(pod: Pod, init: readonly ApiContainerStatus[], app: readonly ApiContainerStatus[], podIsTerminal = false): PodPhase {
  const spec = pod.spec ?? {};
  const restartPolicy = spec.restartPolicy ?? 'Always';
  const initSpecs = spec.initContainers ?? [];
  let pendingInitialization = 0;
  let failedInitialization = 0;
  init.forEach((st, i) => {
    if (initSpecs[i]?.restartPolicy === 'Always') {
      // A sidecar holds the pod back only until it has started.
      if (!st.started) pendingInitialization++;
      return;
    }
    if (st.state.running) pendingInitialization++;
    else if (st.state.terminated) {
      if (st.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (st.lastState.terminated?.exitCode !== 0) pendingInitialization++;
  });
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const st of app) {
    if (st.state.running) running++;
    else if (st.state.terminated) {
      stopped++;
      if (st.state.terminated.exitCode === 0) succeeded++;
    } else if (st.lastState.terminated) stopped++;
    else waiting++;
  }
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  const anyRegularStarted = app.some((st) => st.state.running || st.state.terminated || st.lastState.terminated);
  if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
