// The deployment controller with the ReplicaSet controller against a real API server over
// HTTP. No kubelet runs: a small helper marks pods Running+Ready through their status
// subresource (except for images it is told to hold back), so rollouts move as they would
// on a node. Invariants are checked from informers (list+watch) on pods and ReplicaSets.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/core/types.js';
import type { CoreEvent } from '../../src/api/core/events.js';
import { isNotFound, SharedInformer, type Client } from '../../src/client/index.js';
import { computeHash, deploymentController, type Deployment, type ReplicaSet } from '../../src/controllers/deployment/index.js';
import { replicaSetController } from '../../src/controllers/replicaset/index.js';
import { nowRFC3339 } from '../../src/machinery/time.js';
import { eventually } from './apiserver-helpers.js';
import { runController, type ControllerHarness } from './controller-harness.js';

const NS = 'deploy';
const TIMEOUT = 15_000;

interface DeploymentOpts {
  replicas?: number;
  image?: string;
  strategy?: { type: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

function deployment(name: string, o: DeploymentOpts = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: o.image ?? 'img:1' }] } },
      strategy: o.strategy,
      revisionHistoryLimit: o.revisionHistoryLimit,
      progressDeadlineSeconds: o.progressDeadlineSeconds,
      paused: o.paused,
    },
  };
}

const setImage = (image: string) => ({ spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
const revision = (o: { metadata?: { annotations?: Record<string, string> } } | undefined) => o?.metadata?.annotations?.['deployment.kubernetes.io/revision'];
/** Polls `fn` until it returns something truthy, and returns that. */
async function waitFor<T>(fn: () => Promise<T | undefined | false>, what: string): Promise<T> {
  return (await eventually(fn, TIMEOUT, what)) as T;
}

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('deployment controller on a real API server', () => {
  let h: ControllerHarness;
  let client: Client;
  const watchers: SharedInformer[] = [];
  /** Images whose pods the fake kubelet leaves unready. */
  const heldImages = new Set<string>();
  const marking = new Set<string>();

  /** The fake kubelet: every new pod (but held images) becomes Running and Ready shortly after it appears. */
  function markPodsReady(pods: SharedInformer<Pod>): void {
    const maybeMark = (pod: Pod) => {
      const name = pod.metadata?.name ?? '';
      if (isReady(pod) || pod.metadata?.deletionTimestamp || marking.has(name)) return;
      if (heldImages.has(pod.spec?.containers?.[0]?.image ?? '')) return;
      marking.add(name);
      setTimeout(() => {
        const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: nowRFC3339() }] };
        client.pods.patch(NS, name, 'merge', { status }, { subresource: 'status' }).catch((e) => {
          if (!isNotFound(e)) marking.delete(name);
        });
      }, 20);
    };
    pods.addEventHandler({ onAdd: maybeMark, onUpdate: (_, p) => maybeMark(p) });
  }

  before(async () => {
    h = await runController([deploymentController(), replicaSetController()], {}, (ctx) => markPodsReady(ctx.informers.informerFor(ctx.client.pods, { namespace: NS })));
    client = h.client;
    await client.namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });

  after(async () => {
    for (const w of watchers) await w.stop();
    await h.stop();
  });

  const getDeployment = (name: string) => client.deployments.get(NS, name) as Promise<Deployment>;

  async function replicaSetsOf(name: string): Promise<ReplicaSet[]> {
    const list = await client.replicasets.list(NS, { labelSelector: `app=${name}` });
    return (list.items as ReplicaSet[]).sort((a, b) => Number(revision(a)) - Number(revision(b)));
  }

  /** Waits until the rollout is complete as `kubectl rollout status` judges it. */
  async function rolledOut(name: string): Promise<Deployment> {
    return waitFor(
      async () => {
        const d = await getDeployment(name);
        const s = d.status ?? {};
        const want = d.spec?.replicas ?? 1;
        const progressing = s.conditions?.find((c) => c.type === 'Progressing');
        const done =
          (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
          (s.updatedReplicas ?? 0) === want &&
          (s.replicas ?? 0) === want &&
          (s.availableReplicas ?? 0) === want &&
          progressing?.reason === 'NewReplicaSetAvailable';
        return done && d;
      },
      `${name} to roll out`,
    );
  }

  /** A started informer over `resource` for app=`name`, calling `check` after every change. */
  async function watch<T extends Pod | ReplicaSet>(resource: typeof client.pods | typeof client.replicasets, name: string, check: (objs: T[]) => void): Promise<void> {
    const inf = new SharedInformer(resource as unknown as typeof client.pods, { namespace: NS, labelSelector: `app=${name}` });
    watchers.push(inf as unknown as SharedInformer);
    const run = () => check(inf.indexer.list() as unknown as T[]);
    inf.addEventHandler({ onAdd: run, onUpdate: run, onDelete: run });
    inf.start();
    await inf.waitForSync();
  }

  it('brings a deployment of 3 to Available, with upstream’s names, annotations, status and events', async () => {
    await client.deployments.create(NS, deployment('web'));
    const d = await rolledOut('web');
    const [rs, ...others] = await replicaSetsOf('web');
    assert.equal(others.length, 0);
    const hash = rs.metadata?.labels?.['pod-template-hash'] ?? '';
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(rs.metadata?.name, `web-${hash}`);
    assert.deepEqual(rs.spec?.selector?.matchLabels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs.spec?.template?.metadata?.labels?.['pod-template-hash'], hash);
    const owner = rs.metadata?.ownerReferences?.[0];
    assert.deepEqual([owner?.kind, owner?.name, owner?.uid, owner?.controller], ['Deployment', 'web', d.metadata?.uid, true]);
    assert.equal(revision(rs), '1');
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '4');
    assert.equal(revision(d), '1');

    const s = d.status!;
    assert.deepEqual([s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas], [3, 3, 3, 3, undefined]);
    assert.equal(s.observedGeneration, d.metadata?.generation);
    const available = s.conditions?.find((c) => c.type === 'Available');
    assert.deepEqual([available?.status, available?.reason, available?.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    const progressing = s.conditions?.find((c) => c.type === 'Progressing');
    assert.deepEqual([progressing?.status, progressing?.message], ['True', `ReplicaSet "web-${hash}" has successfully progressed.`]);

    const events = await eventually(async () => {
      const list = await client.events.list(NS);
      return (list.items as CoreEvent[]).filter((e) => e.reason === 'ScalingReplicaSet' && e.involvedObject?.name === 'web').map((e) => e.message);
    }, TIMEOUT, 'a ScalingReplicaSet event');
    assert.deepEqual(events, [`Scaled up replica set web-${hash} from 0 to 3`]);
  });

  it('rolls out a new image within maxSurge and maxUnavailable, copying change-cause', async () => {
    const replicas = 4;
    const d = deployment('roll', { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } });
    await client.deployments.create(NS, d);
    await rolledOut('roll');

    const violations: string[] = [];
    let maxSpecTotal = 0;
    let minAvailable = Infinity;
    await watch<Pod>(client.pods, 'roll', (pods) => {
      const available = pods.filter((p) => !p.metadata?.deletionTimestamp && isReady(p)).length;
      minAvailable = Math.min(minAvailable, available);
      if (available < replicas - 1) violations.push(`only ${available} available pods`);
    });
    await watch<ReplicaSet>(client.replicasets, 'roll', (list) => {
      const total = list.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      maxSpecTotal = Math.max(maxSpecTotal, total);
      if (total > replicas + 1) violations.push(`${total} replicas wanted`);
    });

    await client.deployments.patch(NS, 'roll', 'strategic', { metadata: { annotations: { 'kubernetes.io/change-cause': 'image to 2' } }, ...setImage('img:2') });
    const done = await rolledOut('roll');
    assert.deepEqual(violations, []);
    assert.equal(maxSpecTotal, replicas + 1, 'the surge was used');
    assert.equal(minAvailable, replicas - 1, 'the unavailability budget was used');

    const [old, cur] = await replicaSetsOf('roll');
    assert.equal(old.spec?.replicas, 0);
    assert.equal(cur.spec?.replicas, replicas);
    assert.equal(revision(cur), '2');
    assert.equal(revision(done), '2');
    assert.equal(cur.metadata?.annotations?.['kubernetes.io/change-cause'], 'image to 2');
  });

  it('scales proportionally when spec.replicas changes mid-rollout', async () => {
    await client.deployments.create(NS, deployment('prop', { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } }));
    await rolledOut('prop');
    heldImages.add('img:prop-2');
    await client.deployments.patch(NS, 'prop', 'strategic', setImage('img:prop-2'));
    // Stuck: the new pods never become ready, so the old ReplicaSet keeps its 4 and the new one has 2.
    await eventually(async () => (await replicaSetsOf('prop')).map((rs) => rs.spec?.replicas).join() === '4,2', TIMEOUT, 'a half-done rollout');
    await client.deployments.patch(NS, 'prop', 'merge', { spec: { replicas: 8 } });
    // max 6 → 10: old 4·10/6 ≈ 7, new 2·10/6 ≈ 3.
    await eventually(async () => (await replicaSetsOf('prop')).map((rs) => rs.spec?.replicas).join() === '7,3', TIMEOUT, 'a proportional resize');
    heldImages.delete('img:prop-2');
    for (const p of (await client.pods.list(NS, { labelSelector: 'app=prop' })).items) {
      await client.pods.patch(NS, p.metadata!.name!, 'merge', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: nowRFC3339() }] } }, { subresource: 'status' });
    }
    await rolledOut('prop');
  });

  it('pauses (scaling still applies, no rollout) and resumes', async () => {
    await client.deployments.create(NS, deployment('paused'));
    await rolledOut('paused');
    await client.deployments.patch(NS, 'paused', 'merge', { spec: { paused: true } });
    await eventually(async () => (await getDeployment('paused')).status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'DeploymentPaused' && c.status === 'Unknown'), TIMEOUT, 'the paused condition');

    await client.deployments.patch(NS, 'paused', 'strategic', { spec: { replicas: 5, ...setImage('img:2').spec } });
    await eventually(async () => (await replicaSetsOf('paused'))[0]?.spec?.replicas === 5, TIMEOUT, 'scaling while paused');
    const d = await waitFor(async () => {
      const x = await getDeployment('paused');
      return (x.status?.observedGeneration ?? 0) >= (x.metadata?.generation ?? 0) && x;
    }, 'the paused spec observed');
    assert.equal((await replicaSetsOf('paused')).length, 1, 'no new ReplicaSet while paused');
    assert.equal(revision(d), '1');

    await client.deployments.patch(NS, 'paused', 'merge', { spec: { paused: false } });
    const resumed = await rolledOut('paused');
    assert.equal(revision(resumed), '2');
    const [old, cur] = await replicaSetsOf('paused');
    assert.deepEqual([old.spec?.replicas, cur.spec?.replicas], [0, 5]);
  });

  it('rolls back by re-applying the old template: the old ReplicaSet is reused with revision max+1', async () => {
    await client.deployments.create(NS, deployment('undo', { image: 'img:v1' }));
    await rolledOut('undo');
    const [first] = await replicaSetsOf('undo');
    await client.deployments.patch(NS, 'undo', 'strategic', setImage('img:v2'));
    await rolledOut('undo');
    await client.deployments.patch(NS, 'undo', 'strategic', setImage('img:v1'));
    const d = await rolledOut('undo');

    const list = await replicaSetsOf('undo');
    assert.equal(list.length, 2, 'no third ReplicaSet');
    const reused = list.find((rs) => rs.metadata?.uid === first.metadata?.uid);
    assert.equal(reused?.spec?.replicas, 3);
    assert.equal(revision(reused), '3');
    assert.equal(reused?.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(revision(d), '3');
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    await client.deployments.create(NS, deployment('hist', { revisionHistoryLimit: 1, image: 'img:h1' }));
    await rolledOut('hist');
    for (const image of ['img:h2', 'img:h3', 'img:h4']) {
      await client.deployments.patch(NS, 'hist', 'strategic', setImage(image));
      await rolledOut('hist');
    }
    const list = await waitFor(async () => {
      const l = await replicaSetsOf('hist');
      return l.length === 2 && l;
    }, 'old ReplicaSets cleaned up');
    assert.deepEqual(list.map(revision), ['3', '4']);
  });

  it('Recreate: the old pods are all gone before any new one is created', async () => {
    await client.deployments.create(NS, deployment('recreate', { replicas: 2, image: 'img:r1', strategy: { type: 'Recreate' } }));
    await rolledOut('recreate');
    const overlaps: string[] = [];
    await watch<Pod>(client.pods, 'recreate', (pods) => {
      const images = new Set(pods.map((p) => p.spec?.containers?.[0]?.image));
      if (images.size > 1) overlaps.push([...images].join(' + '));
    });
    await client.deployments.patch(NS, 'recreate', 'strategic', setImage('img:r2'));
    await rolledOut('recreate');
    assert.deepEqual(overlaps, []);
    const [old, cur] = await replicaSetsOf('recreate');
    assert.deepEqual([old.spec?.replicas, cur.spec?.replicas], [0, 2]);
  });

  it('resolves a pod-template-hash collision by bumping status.collisionCount', async () => {
    // Paused, it creates no ReplicaSet; its stored (defaulted) template gives the name it will want.
    await client.deployments.create(NS, deployment('clash', { paused: true }));
    const stored = await getDeployment('clash');
    const taken = `clash-${computeHash(stored.spec?.template)}`;
    const squatter = deployment('other').spec!;
    await client.replicasets.create(NS, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: taken }, spec: { replicas: 0, selector: squatter.selector, template: squatter.template } });
    await client.deployments.patch(NS, 'clash', 'merge', { spec: { paused: false } });
    const d = await rolledOut('clash');
    assert.equal(d.status?.collisionCount, 1);
    const [rs] = await replicaSetsOf('clash');
    assert.equal(rs.metadata?.name, `clash-${computeHash(stored.spec?.template, 1)}`);
  });

  it('reports ProgressDeadlineExceeded when a rollout makes no progress in time', async () => {
    heldImages.add('img:stuck');
    await client.deployments.create(NS, deployment('stuck', { image: 'img:stuck', progressDeadlineSeconds: 1 }));
    const d = await waitFor(async () => {
      const x = await getDeployment('stuck');
      return x.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') && x;
    }, 'the deadline to be reported');
    const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
    const [rs] = await replicaSetsOf('stuck');
    assert.deepEqual([c?.status, c?.message], ['False', `ReplicaSet "${rs.metadata?.name}" has timed out progressing.`]);
    const available = d.status?.conditions?.find((x) => x.type === 'Available');
    assert.equal(available?.reason, 'MinimumReplicasUnavailable');
  });
});
