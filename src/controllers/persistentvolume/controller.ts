// The PersistentVolume binder (kube-controller-manager's `persistentvolume-binder`, static
// provisioning): binds each Pending claim to the best Available volume (or the one it or the
// volume names), in upstream's order — volume claimRef, volume phase Bound, claim
// volumeName, claim phase Bound with the volume's capacity and access modes — so a crash
// midway is finished by the next sync. A volume whose claim is gone is Released, then kept
// (Retain) or deleted (Delete). Claims and volumes each have their own queue.

import type { PersistentVolumeClaim } from '../../api/core/persistentvolumeclaims.js';
import type { PersistentVolume } from '../../api/core/persistentvolumes.js';
import type { StorageClass } from '../../api/storage/storageclass.js';
import { isConflict, isNotFound, keyOf, WorkQueue, type Client, type SharedInformer } from '../../client/index.js';
import type { EventRecorder } from '../../client/events.js';
import { logger } from '../../machinery/log.js';
import { nowRFC3339 } from '../../machinery/time.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { Controller, ControllerContext } from '../context.js';
import { claimClass, claimRefOf, findBestMatch, isBoundToClaim, volumeMismatch, type ClaimRef } from './matching.js';

const log = logger('persistentvolume-controller');

export const CONTROLLER_NAME = 'persistentvolume-controller';
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';
/** Set by the scheduler on a claim of a WaitForFirstConsumer class once a node is chosen. */
const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
const CLAIM_INDEX = 'claim';

export function persistentVolumeController(): Controller {
  return new PersistentVolumeController();
}

interface Running {
  client: Client;
  recorder: EventRecorder;
  claims: SharedInformer<PersistentVolumeClaim>;
  volumes: SharedInformer<PersistentVolume>;
  classes: SharedInformer<StorageClass>;
}

class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder';
  private readonly claimQueue = new WorkQueue<string>();
  private readonly volumeQueue = new WorkQueue<string>();
  private readonly claimWorkers = new WorkerPool();
  private readonly volumeWorkers = new WorkerPool();
  private running?: Running;

  start(ctx: ControllerContext): void {
    const { client, informers } = ctx;
    const r: Running = {
      client,
      recorder: ctx.recorder(CONTROLLER_NAME),
      claims: informers.informerFor(client.persistentvolumeclaims),
      volumes: informers.informerFor(client.persistentvolumes),
      classes: informers.informerFor(client.storageclasses),
    };
    r.volumes.addIndexers({ [CLAIM_INDEX]: (pv) => (claimRefOf(pv) ? [`${claimRefOf(pv)!.namespace}/${claimRefOf(pv)!.name}`] : []) });

    r.claims.addEventHandler({
      onAdd: (pvc) => this.claimQueue.add(keyOf(pvc)),
      onUpdate: (_, pvc) => this.claimQueue.add(keyOf(pvc)),
      // Its volume is released by the volume's sync.
      onDelete: (pvc) => {
        for (const pv of r.volumes.indexer.byIndex(CLAIM_INDEX, keyOf(pvc))) this.volumeQueue.add(keyOf(pv));
      },
    });
    const onVolume = (pv: PersistentVolume) => {
      this.volumeQueue.add(keyOf(pv));
      const ref = claimRefOf(pv);
      if (ref) this.claimQueue.add(`${ref.namespace}/${ref.name}`);
      // A volume free for binding may suit a claim that found none (upstream waits for its periodic resync).
      else if (pv.status?.phase === 'Available') for (const pvc of r.claims.indexer.list()) if (!pvc.spec?.volumeName) this.claimQueue.add(keyOf(pvc));
    };
    r.volumes.addEventHandler({ onAdd: onVolume, onUpdate: (_, pv) => onVolume(pv), onDelete: onVolume });

    const synced = [r.claims, r.volumes, r.classes];
    this.claimWorkers.start(this.claimQueue, synced, ctx.options.workers, (key) => this.quietly(this.claimQueue, key, () => this.syncClaim(key)));
    this.volumeWorkers.start(this.volumeQueue, synced, ctx.options.workers, (key) => this.quietly(this.volumeQueue, key, () => this.syncVolume(key)));
    this.running = r;
  }

  async stop(): Promise<void> {
    await Promise.all([this.claimWorkers.shutDown(), this.volumeWorkers.shutDown()]);
  }

  /** A conflict means our cache was behind: come back shortly without a warning. */
  private async quietly(queue: WorkQueue<string>, key: string, sync: () => Promise<void>): Promise<void> {
    try {
      await sync();
    } catch (e) {
      if (!isConflict(e)) throw e;
      log.debug('conflict, retrying', { key });
      queue.addRateLimited(key);
    }
  }

  private async syncClaim(key: string): Promise<void> {
    const r = this.running!;
    const pvc = r.claims.indexer.get(key);
    if (!pvc || pvc.metadata?.deletionTimestamp) return;
    const volumeName = pvc.spec?.volumeName;
    if (!volumeName) return this.syncUnboundClaim(pvc);

    const pv = r.volumes.indexer.get(volumeName);
    if (!pv) {
      if (pvc.status?.phase === 'Bound') {
        r.recorder.event(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
        await this.setClaimPhase(pvc, 'Lost');
      } else {
        // Pre-bound to a volume that does not exist (yet).
        await this.setClaimPhase(pvc, 'Pending');
      }
      return;
    }
    if (!claimRefOf(pv)) {
      const why = volumeMismatch(pv, pvc);
      if (why) {
        r.recorder.event(pvc, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${why}`);
        return this.setClaimPhase(pvc, 'Pending');
      }
      return this.bind(pv, pvc);
    }
    if (isBoundToClaim(pv, pvc)) return this.bind(pv, pvc);
    if (pvc.status?.phase === 'Bound') {
      r.recorder.event(pvc, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
      return this.setClaimPhase(pvc, 'Lost');
    }
    r.recorder.event(pvc, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
    return this.setClaimPhase(pvc, 'Pending');
  }

  private async syncUnboundClaim(pvc: PersistentVolumeClaim): Promise<void> {
    const r = this.running!;
    const className = claimClass(pvc);
    const cls = className ? r.classes.indexer.get(className) : undefined;
    const delayBinding = cls?.volumeBindingMode === 'WaitForFirstConsumer' && !pvc.metadata?.annotations?.[SELECTED_NODE_ANNOTATION];
    const pv = findBestMatch(pvc, r.volumes.indexer.list(), delayBinding);
    if (pv) return this.bind(pv, pvc);

    if (delayBinding) r.recorder.event(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    else if (!className) r.recorder.event(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    else if (!cls) r.recorder.event(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    else {
      const message = `Waiting for a volume to be created either by the external provisioner '${cls.provisioner ?? ''}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
      r.recorder.event(pvc, 'Normal', 'ExternalProvisioning', message);
    }
    await this.setClaimPhase(pvc, 'Pending');
  }

  /** Completes whatever part of the binding is missing, in upstream's order. */
  private async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    const r = this.running!;
    let pv = volume;
    const ref = claimRefOf(pv);
    if (!ref?.uid || ref.uid !== claim.metadata?.uid) {
      const annotations = { ...pv.metadata?.annotations };
      if (!ref) annotations[BOUND_BY_CONTROLLER_ANNOTATION] = 'yes';
      const claimRef = { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion };
      pv = await r.client.persistentvolumes.update(undefined, { ...pv, metadata: { ...pv.metadata, annotations }, spec: { ...pv.spec, claimRef } });
    }
    if (pv.status?.phase !== 'Bound') pv = await this.setVolumePhase(pv, 'Bound');

    let pvc = claim;
    if (pvc.spec?.volumeName !== pv.metadata?.name || pvc.metadata?.annotations?.[BIND_COMPLETED_ANNOTATION] !== 'yes') {
      const annotations: Record<string, string> = { ...pvc.metadata?.annotations, [BIND_COMPLETED_ANNOTATION]: 'yes' };
      if (!pvc.spec?.volumeName) annotations[BOUND_BY_CONTROLLER_ANNOTATION] = 'yes';
      pvc = await r.client.persistentvolumeclaims.update(undefined, { ...pvc, metadata: { ...pvc.metadata, annotations }, spec: { ...pvc.spec, volumeName: pv.metadata?.name } });
    }
    const status = { ...pvc.status, phase: 'Bound', accessModes: pv.spec?.accessModes ?? [], capacity: pv.spec?.capacity ?? {} };
    if (pvc.status?.phase !== 'Bound' || JSON.stringify(pvc.status.accessModes) !== JSON.stringify(status.accessModes) || JSON.stringify(pvc.status.capacity) !== JSON.stringify(status.capacity)) {
      await r.client.persistentvolumeclaims.updateStatus(undefined, { ...pvc, status });
      log.info('bound claim to volume', { claim: keyOf(pvc), volume: pv.metadata?.name });
    }
  }

  private async syncVolume(name: string): Promise<void> {
    const r = this.running!;
    const pv = r.volumes.indexer.get(name);
    if (!pv) return;
    const ref = claimRefOf(pv);
    if (!ref) {
      if (pv.status?.phase !== 'Available') await this.setVolumePhase(pv, 'Available');
      return;
    }
    const claimKey = `${ref.namespace}/${ref.name}`;
    if (!ref.uid) {
      // Pre-bound by its creator: the claim's sync binds it.
      if (pv.status?.phase !== 'Available') await this.setVolumePhase(pv, 'Available');
      this.claimQueue.add(claimKey);
      return;
    }
    const claim = await this.currentClaim(claimKey, ref.uid);
    if (!claim) return this.release(pv);
    if (!claim.spec?.volumeName) {
      // Binding under way (or the claim lost its volumeName): the claim's sync finishes it.
      this.claimQueue.add(claimKey);
      return;
    }
    if (claim.spec.volumeName === name) {
      if (pv.status?.phase !== 'Bound') await this.setVolumePhase(pv, 'Bound');
      return;
    }
    // The claim went to another volume: free this one. A claimRef its creator wrote keeps its name, losing only the uid.
    const byController = pv.metadata?.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION] === 'yes';
    const annotations = { ...pv.metadata?.annotations };
    delete annotations[BOUND_BY_CONTROLLER_ANNOTATION];
    const spec = { ...pv.spec };
    if (byController) delete spec.claimRef;
    else spec.claimRef = { ...ref, uid: '' } as ClaimRef;
    const updated = await r.client.persistentvolumes.update(undefined, { ...pv, metadata: { ...pv.metadata, annotations }, spec });
    await this.setVolumePhase(updated, 'Available');
  }

  /** The claim with this uid, asking the API server when the cache disagrees (a claim is never released on a stale cache). */
  private async currentClaim(key: string, uid: string): Promise<PersistentVolumeClaim | undefined> {
    const cached = this.running!.claims.indexer.get(key);
    if (cached?.metadata?.uid === uid) return cached;
    const [namespace, name] = key.split('/');
    try {
      const live = await this.running!.client.persistentvolumeclaims.get(namespace, name);
      return live.metadata?.uid === uid ? live : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The claim is gone: Released, then reclaimed by the volume's policy. */
  private async release(pv: PersistentVolume): Promise<void> {
    const r = this.running!;
    let current = pv;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') current = await this.setVolumePhase(pv, 'Released');
    if (current.status?.phase === 'Failed') return;
    switch (pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain') {
      case 'Delete':
        try {
          await r.client.persistentvolumes.delete(undefined, pv.metadata?.name ?? '', { preconditions: { uid: pv.metadata?.uid } });
          log.info('deleted released volume', { volume: pv.metadata?.name });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        return;
      case 'Recycle':
        r.recorder.event(current, 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
        await this.setVolumePhase(current, 'Failed');
        return;
      default:
        // Retain: the data stays until an administrator frees the volume by removing its claimRef.
        return;
    }
  }

  private async setVolumePhase(pv: PersistentVolume, phase: string): Promise<PersistentVolume> {
    if (pv.status?.phase === phase) return pv;
    const status = { ...pv.status, phase, lastPhaseTransitionTime: nowRFC3339() };
    return this.running!.client.persistentvolumes.updateStatus(undefined, { ...pv, status });
  }

  private async setClaimPhase(pvc: PersistentVolumeClaim, phase: string): Promise<void> {
    if (pvc.status?.phase === phase) return;
    await this.running!.client.persistentvolumeclaims.updateStatus(undefined, { ...pvc, status: { ...pvc.status, phase } });
  }
}
