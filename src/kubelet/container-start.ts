// Starting one container (kuberuntime_container.go's startContainer): image, environment,
// mounts and resources into a ContainerConfig, create, start, then the postStart hook. Every
// failure becomes the container's waiting reason and a Warning event, as upstream's.

import { createHash } from 'node:crypto';
import type { Container, Pod } from '../api/core/types.js';
import { containerResources } from './container-resources.js';
import { ContainerConfigError, containerEnv, expandAll } from './env/index.js';
import { ensureImage } from './image-puller.js';
import type { KubeletContext } from './kubelet-context.js';
import { runHook } from './lifecycle-hooks.js';
import { hostsFileContent, hostsMount } from './etc-hosts.js';
import { podHostname, podLabels } from './sandbox-config.js';
import { CONTAINER_NAME_LABEL, type ContainerConfig, type Mount, type SandboxConfig } from './runtime/types.js';
import { containerMounts, type PreparedVolume } from './volumes/index.js';

/** Annotation holding a hash of the container's spec: a running container whose spec changed is restarted. */
export const CONTAINER_HASH_ANNOTATION = 'io.kubernetes.container.hash';
const RESTART_COUNT_ANNOTATION = 'io.kubernetes.container.restartCount';

export function containerHash(c: Container): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex').slice(0, 8);
}

export interface StartTarget {
  pod: Pod;
  container: Container;
  sandboxId: string;
  sandbox: SandboxConfig;
  podIP?: string;
  attempt: number;
  volumes: Map<string, PreparedVolume>;
}

interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
}

/** The grace a container gets when the kubelet itself kills it (postStart failure, liveness). */
export function podGraceSeconds(pod: Pod): number {
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

/** The volumeMounts, and the pod's managed /etc/hosts. */
async function mountsOf(ctx: KubeletContext, t: StartTarget): Promise<Mount[]> {
  const mounts = containerMounts(t.pod, t.container, t.volumes);
  const hosts = await hostsMount(ctx.rootDir, t.pod, mounts, () => hostsFileContent(t.pod, podHostname(t.pod), t.podIP, ctx.sandbox.clusterDomain));
  return hosts ? [...mounts, hosts] : mounts;
}

async function containerConfig(ctx: KubeletContext, t: StartTarget): Promise<ContainerConfig> {
  const c = t.container;
  const name = c.name ?? '';
  const podSC = (t.pod.spec?.securityContext ?? {}) as SecurityContext;
  const sc = (c.securityContext ?? {}) as SecurityContext;
  const runAsUser = sc.runAsUser ?? podSC.runAsUser;
  const runAsGroup = sc.runAsGroup ?? podSC.runAsGroup;
  const env = await containerEnv(t.pod, c, t.podIP, ctx.env);
  return {
    name,
    attempt: t.attempt,
    image: c.image ?? '',
    // $(VAR) in command and args is expanded from the container's environment, as upstream's.
    command: expandAll(c.command as string[] | undefined, env),
    args: expandAll(c.args as string[] | undefined, env),
    ...(c.workingDir ? { workingDir: c.workingDir as string } : {}),
    env,
    mounts: await mountsOf(ctx, t),
    logPath: `${name}/${t.attempt}.log`,
    stdin: c.stdin === true,
    stdinOnce: c.stdinOnce === true,
    tty: c.tty === true,
    resources: containerResources(c),
    ...(runAsUser !== undefined ? { runAsUser } : {}),
    ...(runAsGroup !== undefined ? { runAsGroup } : {}),
    labels: { ...podLabels(t.pod), [CONTAINER_NAME_LABEL]: name },
    annotations: { [CONTAINER_HASH_ANNOTATION]: containerHash(c), [RESTART_COUNT_ANNOTATION]: String(t.attempt) },
  };
}

/** Resolves true once the container runs (and its postStart hook passed). */
export async function startContainer(ctx: KubeletContext, t: StartTarget): Promise<boolean> {
  const { pod, container: c } = t;
  const uid = pod.metadata?.uid ?? '';
  const name = c.name ?? '';
  // Tried again soon, as upstream's pod worker retries a failed sync (a ConfigMap may appear).
  const fail = (reason: string, message: string) => {
    ctx.reasons.set(uid, name, reason, message);
    ctx.recorder.event(pod, 'Warning', 'Failed', `Error: ${message}`);
    ctx.resyncAt(uid, Date.now() + ctx.retryMs);
    return false;
  };
  if (!(await ensureImage(ctx, pod, c))) return false;
  let config: ContainerConfig;
  try {
    config = await containerConfig(ctx, t);
  } catch (e) {
    if (e instanceof ContainerConfigError) return fail('CreateContainerConfigError', e.message);
    throw e;
  }
  let id: string;
  try {
    id = await ctx.runtime.createContainer(t.sandboxId, config, t.sandbox);
  } catch (e) {
    return fail('CreateContainerError', (e as Error).message);
  }
  ctx.recorder.event(pod, 'Normal', 'Created', `Created container: ${name}`);
  try {
    await ctx.runtime.startContainer(id);
  } catch (e) {
    return fail('RunContainerError', (e as Error).message);
  }
  ctx.recorder.event(pod, 'Normal', 'Started', `Started container ${name}`);
  ctx.reasons.delete(uid, name);
  const postStart = c.lifecycle?.postStart;
  if (!postStart) return true;
  const failure = await runHook(ctx.runtime, postStart, { pod, container: c, containerId: id, podIP: t.podIP }, podGraceSeconds(pod));
  if (failure === undefined) return true;
  // Upstream keeps the hook's output out of the event, where it could leak secrets; the status shows it.
  ctx.recorder.event(pod, 'Warning', 'FailedPostStartHook', 'PostStartHook failed');
  ctx.reasons.set(uid, name, 'PostStartHookError', failure);
  ctx.recorder.event(pod, 'Normal', 'Killing', `FailedPostStartHook`);
  await ctx.runtime.stopContainer(id, podGraceSeconds(pod));
  return false;
}
