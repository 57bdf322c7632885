// The service account controller against a real API server: every active namespace gets a
// `default` ServiceAccount, which comes back when deleted; terminating namespaces get none.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isNotFound, type Client } from '../../src/client/index.js';
import { serviceAccountController } from '../../src/controllers/serviceaccount/index.js';
import { eventually, sleep } from './apiserver-helpers.js';
import { runController, type ControllerHarness } from './controller-harness.js';

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

describe('serviceaccount controller', () => {
  let h: ControllerHarness;
  let c: Client;
  before(async () => {
    h = await runController(serviceAccountController());
    c = h.client;
  });
  after(() => h.stop());

  it('creates `default` in the namespaces that exist at start and in new ones', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      await eventually(() => exists(() => c.serviceaccounts.get(ns, 'default')), 5000, `default in ${ns}`);
    }
    await c.namespaces.create(undefined, { metadata: { name: 'team-a' } });
    const sa = await eventually(async () => (await exists(() => c.serviceaccounts.get('team-a', 'default'))) && c.serviceaccounts.get('team-a', 'default'), 5000, 'default in team-a');
    assert.ok(sa);
    assert.equal(sa.metadata?.namespace, 'team-a');
  });

  it('recreates `default` when it is deleted, and leaves other accounts alone', async () => {
    await c.namespaces.create(undefined, { metadata: { name: 'team-b' } });
    const first = await eventually(async () => (await exists(() => c.serviceaccounts.get('team-b', 'default'))) && c.serviceaccounts.get('team-b', 'default'), 5000, 'default in team-b');
    assert.ok(first);
    await c.serviceaccounts.create('team-b', { metadata: { name: 'builder' } });
    await c.serviceaccounts.delete('team-b', 'default');
    const second = await eventually(async () => {
      const sa = await c.serviceaccounts.get('team-b', 'default').catch(() => undefined);
      return sa && sa.metadata?.uid !== first.metadata?.uid ? sa : undefined;
    }, 5000, 'default to come back');
    assert.ok(second);
    await c.serviceaccounts.delete('team-b', 'builder');
    await sleep(200);
    assert.equal(await exists(() => c.serviceaccounts.get('team-b', 'builder')), false, 'only managed accounts come back');
  });

  it('does not create accounts in a terminating namespace', async () => {
    await c.namespaces.create(undefined, { metadata: { name: 'team-c' } });
    await eventually(() => exists(() => c.serviceaccounts.get('team-c', 'default')), 5000, 'default in team-c');
    // No namespace controller runs, so the namespace stays Terminating with its content.
    await c.namespaces.delete(undefined, 'team-c');
    await c.serviceaccounts.delete('team-c', 'default');
    await sleep(300);
    assert.equal(await exists(() => c.serviceaccounts.get('team-c', 'default')), false);
  });
});
