// status.containerStatuses / initContainerStatuses from what the runtime holds, as upstream's
// convertToAPIContainerStatuses: the newest instance gives the state, the one before it the
// lastState; a container the kubelet will start again but could not (back-off, config error, …)
// shows as waiting with that reason, its exit moved to lastState.

import type { Container, Pod } from '../api/core/types.js';
import { nowRFC3339 } from '../machinery/time.js';
import { instancesOf, type PodRuntimeState } from './pod-runtime.js';
import type { WaitingReason } from './reason-cache.js';
import { shouldRestart } from './restart-policy.js';
import type { ContainerStatus as RuntimeContainer } from './runtime/types.js';

export interface TerminatedState {
  exitCode: number;
  reason?: string;
  message?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  containerID?: string;
}

export interface ApiContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt: string };
  terminated?: TerminatedState;
}

export interface ApiContainerStatus {
  name: string;
  state: ApiContainerState;
  lastState: ApiContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started: boolean;
}

export interface ContainerStatusInputs {
  pod: Pod;
  state: PodRuntimeState;
  runtimeName: string;
  reason: (container: string) => WaitingReason | undefined;
  isReady: (container: string) => boolean;
  isStarted: (container: string) => boolean;
}

const time = (ms: number) => (ms ? nowRFC3339(new Date(ms)) : null);

function terminated(c: RuntimeContainer, containerID: string): TerminatedState {
  return {
    exitCode: c.exitCode,
    reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
    ...(c.message ? { message: c.message } : {}),
    startedAt: time(c.startedAt),
    finishedAt: time(c.finishedAt),
    containerID,
  };
}

function stateOf(c: RuntimeContainer, containerID: string): ApiContainerState {
  switch (c.state) {
    case 'RUNNING':
      return { running: { startedAt: time(c.startedAt) ?? nowRFC3339() } };
    case 'EXITED':
      return { terminated: terminated(c, containerID) };
    case 'CREATED':
      return { waiting: { reason: 'ContainerCreating' } };
    default:
      return { waiting: { reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } };
  }
}

/** The status of one container; `defaultWaiting` is shown before it ever ran (ContainerCreating or PodInitializing). */
export function containerStatus(inputs: ContainerStatusInputs, spec: Container, isInit: boolean, defaultWaiting: string): ApiContainerStatus {
  const name = spec.name ?? '';
  const [latest, previous] = instancesOf(inputs.state, name);
  const cached = inputs.reason(name);
  const containerID = latest ? `${inputs.runtimeName}://${latest.id}` : undefined;
  const base = { name, image: spec.image ?? '', imageID: latest?.imageRef ?? '', ...(containerID ? { containerID } : {}) };
  if (!latest) {
    const waiting = cached ? { reason: cached.reason, message: cached.message } : { reason: defaultWaiting };
    return { ...base, state: { waiting }, lastState: {}, ready: false, restartCount: 0, started: false };
  }
  let state = stateOf(latest, containerID!);
  let lastState: ApiContainerState = previous?.state === 'EXITED' ? { terminated: terminated(previous, `${inputs.runtimeName}://${previous.id}`) } : {};
  if (latest.state === 'EXITED' && cached && shouldRestart(inputs.pod, spec, isInit, latest.exitCode)) {
    lastState = state;
    state = { waiting: { reason: cached.reason, message: cached.message } };
  }
  const running = latest.state === 'RUNNING';
  // An init container that finished is "ready" (upstream reports it so); others by their probes.
  const ready = isInit && !spec.restartPolicy ? state.terminated?.exitCode === 0 : running && inputs.isStarted(name) && inputs.isReady(name);
  return { ...base, state, lastState, ready, restartCount: latest.attempt, started: running && inputs.isStarted(name) };
}

/** Whether every init container has succeeded (sidecars: have started). */
export function initDone(statuses: readonly ApiContainerStatus[], specs: readonly Container[]): boolean {
  return specs.every((spec, i) => {
    const st = statuses[i];
    if (spec.restartPolicy === 'Always') return st.started || st.state.running !== undefined;
    return st.state.terminated?.exitCode === 0 || (st.state.waiting !== undefined && st.lastState.terminated?.exitCode === 0);
  });
}

export function containerStatuses(inputs: ContainerStatusInputs): { init: ApiContainerStatus[]; app: ApiContainerStatus[] } {
  const initSpecs = inputs.pod.spec?.initContainers ?? [];
  const init: ApiContainerStatus[] = [];
  let pending = false;
  for (const spec of initSpecs) {
    init.push(containerStatus(inputs, spec, true, 'PodInitializing'));
    pending ||= !initDone(init.slice(-1), [spec]);
  }
  const appWaiting = pending ? 'PodInitializing' : 'ContainerCreating';
  const app = (inputs.pod.spec?.containers ?? []).map((spec) => containerStatus(inputs, spec, false, appWaiting));
  return { init, app };
}
