// Sets up and tears down a pod's volumes under `<rootDir>/pods/<uid>/volumes/<plugin>/<name>`,
// upstream's layout (plugin names such as `kubernetes.io~configmap`). setUp is called on
// every pod sync: API-backed volumes (configMap, secret, downwardAPI, projected) are
// rewritten atomically when their content changed, so containers see updates.

import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Pod, ResourceList, Volume } from '../../api/core/types.js';
import type { Client } from '../../client/index.js';
import { nodeAllocatable } from '../env/index.js';
import { writeAtomically, type Payload } from './atomic-writer.js';
import { setUpEmptyDir, memoryVolumeSize } from './empty-dir.js';
import { VolumeError } from './errors.js';
import { checkHostPathType } from './host-path.js';
import { canMount, unmountAllUnder } from './mounts.js';
import { DEFAULT_MODE, configMapPayload, downwardAPIPayload, projectedPayload, secretPayload, type PayloadContext, type ProjectedSource } from './payloads.js';
import { claimedPath } from './persistent-volume-claim.js';
import { ServiceAccountTokens } from './service-account-token.js';

export interface VolumeManagerOptions {
  client: Client;
  rootDir: string;
  nodeName: string;
}

export interface PreparedVolume {
  hostPath: string;
  readOnly: boolean;
}

/** Plugin directory names, as upstream escapes them (`kubernetes.io/empty-dir` → `kubernetes.io~empty-dir`). */
const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
};

export class VolumeManager {
  private readonly tokens: ServiceAccountTokens;
  /** One setUp/tearDown at a time per pod uid. */
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly o: VolumeManagerOptions) {
    this.tokens = new ServiceAccountTokens(o.client);
  }

  /** Creates/refreshes every volume of the pod; throws the first VolumeError (others are still attempted). */
  setUp(pod: Pod): Promise<Map<string, PreparedVolume>> {
    return this.serialized(pod.metadata?.uid ?? '', () => this.setUpAll(pod));
  }

  /** Removes everything setUp made for this pod uid (tmpfs unmounted). */
  tearDown(podUid: string): Promise<void> {
    return this.serialized(podUid, async () => {
      const volumes = this.volumesDir(podUid);
      await unmountAllUnder(volumes);
      await rm(volumes, { recursive: true, force: true });
      // The pod directory may hold the kubelet's own files; it goes only once empty.
      await rmdir(path.dirname(volumes)).catch(() => undefined);
      this.tokens.forgetPod(podUid);
    });
  }

  private volumesDir(podUid: string): string {
    if (!podUid || podUid.includes('/') || podUid.startsWith('.')) throw new Error(`invalid pod uid ${JSON.stringify(podUid)}`);
    return path.join(this.o.rootDir, 'pods', podUid, 'volumes');
  }

  private async serialized<T>(podUid: string, f: () => Promise<T>): Promise<T> {
    const prior = this.busy.get(podUid) ?? Promise.resolve();
    const run = prior.catch(() => undefined).then(f);
    this.busy.set(podUid, run);
    try {
      return await run;
    } finally {
      if (this.busy.get(podUid) === run) this.busy.delete(podUid);
    }
  }

  private async setUpAll(pod: Pod): Promise<Map<string, PreparedVolume>> {
    let allocatable: Promise<ResourceList> | undefined;
    const ctx: PayloadContext = {
      pod,
      client: this.o.client,
      allocatable: () => (allocatable ??= nodeAllocatable(this.o.client, this.o.nodeName)),
      tokens: this.tokens,
    };
    const prepared = new Map<string, PreparedVolume>();
    let firstError: VolumeError | undefined;
    for (const volume of pod.spec?.volumes ?? []) {
      const name = volume.name ?? '';
      try {
        prepared.set(name, await this.setUpOne(ctx, volume));
      } catch (e) {
        const err = e instanceof VolumeError ? e : VolumeError.setUpFailed(name, (e as Error)?.message ?? String(e));
        firstError ??= err;
      }
    }
    if (firstError) throw firstError;
    return prepared;
  }

  private async setUpOne(ctx: PayloadContext, volume: Volume): Promise<PreparedVolume> {
    const name = volume.name ?? '';
    const dir = (plugin: keyof typeof PLUGIN_DIRS) => path.join(this.volumesDir(ctx.pod.metadata?.uid ?? ''), PLUGIN_DIRS[plugin], name);

    if (volume.hostPath) {
      const hostPath = volume.hostPath.path ?? '';
      await checkHostPathType(hostPath, volume.hostPath.type);
      return { hostPath, readOnly: false };
    }
    if (volume.emptyDir) {
      const medium = volume.emptyDir.medium ?? '';
      if (medium !== '' && medium !== 'Memory') throw new Error(`emptyDir medium ${medium} is not supported`);
      const sizeLimit = volume.emptyDir.sizeLimit;
      await setUpEmptyDir(dir('emptyDir'), medium === 'Memory' ? async () => memoryVolumeSize(ctx.pod, sizeLimit, await ctx.allocatable()) : undefined);
      return { hostPath: dir('emptyDir'), readOnly: false };
    }
    if (volume.persistentVolumeClaim) {
      const claim = volume.persistentVolumeClaim;
      const target = await claimedPath(ctx.client, ctx.pod.metadata?.namespace ?? '', claim.claimName ?? '');
      await checkHostPathType(target.path, target.type);
      return { hostPath: target.path, readOnly: claim.readOnly === true };
    }
    // The API-backed kinds are mounted read-only, as upstream does since 1.9.
    if (volume.configMap) {
      const src = volume.configMap;
      return this.writeData(dir('configMap'), false, await configMapPayload(ctx, src, src.defaultMode ?? DEFAULT_MODE));
    }
    if (volume.secret) {
      const src = volume.secret;
      const source = { name: src.secretName, items: src.items, optional: (src as { optional?: boolean }).optional };
      return this.writeData(dir('secret'), true, await secretPayload(ctx, source, src.defaultMode ?? DEFAULT_MODE));
    }
    if (volume.downwardAPI) {
      const src = volume.downwardAPI;
      return this.writeData(dir('downwardAPI'), false, await downwardAPIPayload(ctx, src.items ?? [], src.defaultMode ?? DEFAULT_MODE));
    }
    if (volume.projected) {
      const src = volume.projected;
      return this.writeData(dir('projected'), true, await projectedPayload(ctx, (src.sources ?? []) as ProjectedSource[], src.defaultMode ?? DEFAULT_MODE));
    }
    throw new Error('this volume type is not supported by this kubelet');
  }

  /** `inMemory`: secrets and projected tokens stay off disk, on a tmpfs, when we may mount. */
  private async writeData(dir: string, inMemory: boolean, payload: Payload): Promise<PreparedVolume> {
    await setUpEmptyDir(dir, inMemory && canMount() ? async () => undefined : undefined);
    await writeAtomically(dir, payload);
    return { hostPath: dir, readOnly: true };
  }
}
