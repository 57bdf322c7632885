// One pass of upstream's SyncPod for a pod that should run (kuberuntime_manager.go's
// computePodActions + SyncPod): volumes, a sandbox (a new one when it died), init containers
// one at a time until each succeeded, then every app container; exited containers are
// restarted by the restart policy after a per-container back-off. Each pass does what it can
// and returns; the next event (an exit, a probe, a back-off ending) brings the next pass.

import type { Container, Pod } from '../api/core/types.js';
import { goDuration } from './backoff.js';
import { CONTAINER_HASH_ANNOTATION, containerHash, podGraceSeconds, startContainer } from './container-start.js';
import type { KubeletContext } from './kubelet-context.js';
import { killContainer, killPod } from './pod-kill.js';
import { currentSandbox, instancesOf, podRuntimeState, type PodRuntimeState } from './pod-runtime.js';
import { shouldRestart } from './restart-policy.js';
import type { SandboxConfig, SandboxStatus } from './runtime/types.js';
import { sandboxConfig } from './sandbox-config.js';
import { VolumeError, type PreparedVolume } from './volumes/index.js';

/** What became of one container in this pass. */
type Outcome = 'running' | 'succeeded' | 'failed' | 'waiting';

interface PassContext {
  pod: Pod;
  state: PodRuntimeState;
  sandbox: SandboxStatus;
  podIP?: string;
  sandboxConfig: SandboxConfig;
  volumes: Map<string, PreparedVolume>;
}

const podRef = (pod: Pod) => `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;

/** Creates the pod's sandbox, unless the pod has run before and is not to be restarted (restartPolicy Never). */
async function ensureSandbox(ctx: KubeletContext, pod: Pod, state: PodRuntimeState): Promise<PodRuntimeState | undefined> {
  if (currentSandbox(state)) return state;
  if (state.sandboxes.length > 0 && state.containers.length > 0 && pod.spec?.restartPolicy === 'Never') return undefined;
  const uid = pod.metadata?.uid ?? '';
  if (state.sandboxes.length > 0) {
    ctx.recorder.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    await killPod(ctx, state, { pod, gracePeriodSeconds: podGraceSeconds(pod), runPreStop: false });
  }
  const attempt = (state.sandboxes[0]?.attempt ?? -1) + 1;
  try {
    await ctx.runtime.runPodSandbox(sandboxConfig(pod, attempt, ctx.sandbox));
  } catch (e) {
    ctx.recorder.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(e as Error).message}`);
    throw e;
  }
  return podRuntimeState(ctx.runtime, uid);
}

/** Brings one container towards running, by its state in the current sandbox. */
async function syncContainer(ctx: KubeletContext, p: PassContext, spec: Container, isInit: boolean): Promise<Outcome> {
  const { pod } = p;
  const uid = pod.metadata?.uid ?? '';
  const name = spec.name ?? '';
  const all = instancesOf(p.state, name);
  const latest = all.find((c) => c.sandboxId === p.sandbox.id);
  const exited = latest ?? (isInit ? undefined : all.find((c) => c.state === 'EXITED'));
  if (latest?.state === 'RUNNING') {
    // A runtime that keeps no annotations cannot tell: the container is left alone.
    const hash = latest.annotations[CONTAINER_HASH_ANNOTATION];
    if (hash === undefined || hash === containerHash(spec)) return 'running';
    await killContainer(ctx, latest, { pod, gracePeriodSeconds: podGraceSeconds(pod), runPreStop: true, message: `Container ${name} definition changed, will be restarted` });
    return 'waiting';
  }
  if (latest?.state === 'CREATED') await ctx.runtime.removeContainer(latest.id);
  if (exited?.state === 'EXITED') {
    if (!shouldRestart(pod, spec, isInit, exited.exitCode)) return exited.exitCode === 0 ? 'succeeded' : 'failed';
    // A container of an earlier sandbox is started again in the new one without waiting.
    if (exited === latest) {
      const key = `${uid}/${name}`;
      if (ctx.backoff.isInBackOffSince(key, exited.finishedAt)) {
        const delay = goDuration(ctx.backoff.delay(key));
        ctx.reasons.set(uid, name, 'CrashLoopBackOff', `back-off ${delay} restarting failed container=${name} pod=${podRef(pod)}`);
        ctx.recorder.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${podRef(pod)}`);
        ctx.resyncAt(uid, ctx.backoff.readyAt(key, exited.finishedAt));
        return 'waiting';
      }
      ctx.backoff.next(key);
    }
  }
  const started = await startContainer(ctx, {
    pod,
    container: spec,
    sandboxId: p.sandbox.id,
    sandbox: p.sandboxConfig,
    podIP: p.podIP,
    attempt: (all[0]?.attempt ?? -1) + 1,
    volumes: p.volumes,
  });
  return started ? 'running' : 'waiting';
}

/**
 * Runs the init containers in order; resolves true once all have succeeded (sidecars: started).
 * Once the app containers have started in this sandbox, a sidecar being restarted holds nothing up.
 */
async function syncInitContainers(ctx: KubeletContext, p: PassContext): Promise<boolean> {
  const initialized = (p.pod.spec?.containers ?? []).some((c) => p.state.containers.some((x) => x.name === c.name && x.sandboxId === p.sandbox.id));
  for (const spec of p.pod.spec?.initContainers ?? []) {
    const sidecar = spec.restartPolicy === 'Always';
    if (initialized && !sidecar) continue;
    const outcome = await syncContainer(ctx, p, spec, true);
    if (!initialized && (sidecar ? outcome !== 'running' : outcome !== 'succeeded')) return false;
  }
  return true;
}

/** One SyncPod pass; throws when the pass has to be retried (the sandbox could not be made). */
export async function syncPod(ctx: KubeletContext, pod: Pod, initial: PodRuntimeState): Promise<void> {
  let volumes: Map<string, PreparedVolume>;
  try {
    volumes = await ctx.volumes.setUp(pod);
  } catch (e) {
    if (!(e instanceof VolumeError)) throw e;
    ctx.recorder.event(pod, 'Warning', 'FailedMount', e.message);
    ctx.resyncAt(pod.metadata?.uid ?? '', Date.now() + ctx.retryMs);
    return;
  }
  const state = await ensureSandbox(ctx, pod, initial);
  const sandbox = state && currentSandbox(state);
  if (!state || !sandbox) return;
  const podIP = sandbox.ip ?? (pod.spec?.hostNetwork ? ctx.env.nodeIP : undefined);
  const p: PassContext = { pod, state, sandbox, podIP, sandboxConfig: sandboxConfig(pod, sandbox.attempt, ctx.sandbox), volumes };
  if (!(await syncInitContainers(ctx, p))) return;
  for (const spec of pod.spec?.containers ?? []) await syncContainer(ctx, p, spec, false);
}
