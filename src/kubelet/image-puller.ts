// Makes a container's image present by its imagePullPolicy (pkg/kubelet/images), with
// upstream's events (Pulling, Pulled, Failed, BackOff) and waiting reasons (ErrImagePull,
// ImagePullBackOff, ErrImageNeverPull); failed pulls back off per pod and image.

import type { Container, Pod } from '../api/core/types.js';
import { goDuration } from './backoff.js';
import type { KubeletContext } from './kubelet-context.js';

/** Resolves true when the image is there; otherwise the reason is recorded and the caller waits. */
export async function ensureImage(ctx: KubeletContext, pod: Pod, c: Container): Promise<boolean> {
  const image = c.image ?? '';
  const uid = pod.metadata?.uid ?? '';
  const name = c.name ?? '';
  // The API defaults the policy (static pods are defaulted the same way when read).
  const policy = c.imagePullPolicy ?? 'IfNotPresent';
  const present = await ctx.runtime.imageStatus(image);
  if (policy === 'Never' && !present) {
    const msg = `Container image "${image}" is not present with pull policy of Never`;
    ctx.reasons.set(uid, name, 'ErrImageNeverPull', msg);
    ctx.recorder.event(pod, 'Warning', 'ErrImageNeverPull', msg);
    return false;
  }
  if (present && policy !== 'Always') {
    ctx.recorder.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    return true;
  }
  const key = `pull/${uid}/${image}`;
  if (ctx.backoff.isInBackOffSinceUpdate(key)) {
    const msg = `Back-off pulling image "${image}"`;
    ctx.reasons.set(uid, name, 'ImagePullBackOff', msg);
    ctx.recorder.event(pod, 'Normal', 'BackOff', msg);
    ctx.resyncAt(uid, ctx.backoff.readyAtSinceUpdate(key));
    return false;
  }
  ctx.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const started = Date.now();
  try {
    await ctx.runtime.pullImage(image);
  } catch (e) {
    const msg = `Failed to pull image "${image}": ${(e as Error).message}`;
    ctx.backoff.next(key);
    ctx.reasons.set(uid, name, 'ErrImagePull', msg);
    ctx.recorder.event(pod, 'Warning', 'Failed', msg);
    ctx.recorder.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    ctx.resyncAt(uid, ctx.backoff.readyAtSinceUpdate(key));
    return false;
  }
  const took = goDuration(Date.now() - started);
  const size = (await ctx.runtime.imageStatus(image))?.size ?? 0;
  ctx.recorder.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`);
  return true;
}
