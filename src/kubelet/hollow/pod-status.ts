// The status a simulated kubelet reports for a pod that "runs": Running and Ready at once,
// with complete container statuses — clients such as the python client reject statuses
// missing image, imageID, name, ready or restartCount (kubectl-compat.md §9).

import { createHash } from 'node:crypto';
import type { Container, ContainerStatus, Pod, PodStatus } from '../../api/core/types.js';
import { nowRFC3339 } from '../../machinery/time.js';

const READY_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `nginx:1.25` → `docker.io/library/nginx@sha256:<hash of the name>`, as containerd reports a pulled image. */
export function imageID(image: string): string {
  const repo = image.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  const first = repo.split('/')[0];
  const hasRegistry = repo.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const full = hasRegistry ? repo : repo.includes('/') ? `docker.io/${repo}` : `docker.io/library/${repo}`;
  return `${full}@sha256:${sha256(image)}`;
}

/** Stable per pod and container, so a re-sent status does not look like a restart. */
function containerID(uid: string, name: string): string {
  return `simulated://${sha256(`${uid}/${name}`)}`;
}

/** Whether the pod already shows what runningStatus would report. */
export function isRunningAndReady(pod: Pod): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  return pod.status?.phase === 'Running' && ready?.status === 'True' && Boolean(pod.status.podIP);
}

/**
 * Running and Ready on `hostIP` with `podIP`. Start times and transition times already in
 * the status are kept, so reporting again (after Ready was turned off by someone else) only
 * changes what really changed.
 */
export function runningStatus(pod: Pod, hostIP: string, podIP: string, now = nowRFC3339()): PodStatus {
  const old = pod.status ?? {};
  const startTime = (old.startTime as string | undefined) ?? now;
  const uid = pod.metadata?.uid ?? '';
  const conditions = READY_CONDITIONS.map((type) => {
    const prev = old.conditions?.find((c) => c.type === type) as { status?: string; lastTransitionTime?: string } | undefined;
    const lastTransitionTime = prev?.status === 'True' && prev.lastTransitionTime ? prev.lastTransitionTime : now;
    return { type, status: 'True', lastProbeTime: null, lastTransitionTime };
  });
  const base = (c: Container): ContainerStatus & Record<string, unknown> => ({
    name: c.name ?? '',
    image: c.image,
    imageID: imageID(String(c.image ?? '')),
    containerID: containerID(uid, c.name ?? ''),
    restartCount: 0,
    lastState: {},
  });
  const running = (c: Container) => ({ ...base(c), ready: true, started: true, state: { running: { startedAt: startTime } } });
  const completed = (c: Container) => ({
    ...base(c),
    ready: true,
    started: false,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: startTime, containerID: containerID(uid, c.name ?? '') } },
  });
  const initContainers = pod.spec?.initContainers ?? [];
  return {
    phase: 'Running',
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime,
    containerStatuses: (pod.spec?.containers ?? []).map(running),
    // Sidecars (restartPolicy Always) keep running; ordinary init containers have finished.
    ...(initContainers.length ? { initContainerStatuses: initContainers.map((c) => (c.restartPolicy === 'Always' ? running(c) : completed(c))) } : {}),
  };
}
