// Whether an exited container is started again (kubecontainer.ShouldContainerBeRestarted):
// app containers by the pod's restartPolicy, init containers until they succeed unless the
// policy is Never, and sidecars (init containers with restartPolicy Always) always.

import type { Container, Pod } from '../api/core/types.js';

export function shouldRestart(pod: Pod, container: Container, isInit: boolean, exitCode: number): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (isInit) {
    if (container.restartPolicy === 'Always') return true;
    return exitCode !== 0 && policy !== 'Never';
  }
  if (policy === 'Always') return true;
  return policy === 'OnFailure' && exitCode !== 0;
}

export const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';
