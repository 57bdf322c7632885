// Leader election with two candidates on one Lease, against a real API server.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, HttpsTransport, LeaderElector } from '../../src/client/index.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('LeaderElector', () => {
  let srv: TestServer;
  let client: Client;

  before(async () => {
    srv = await startServer();
    client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  });
  after(async () => {
    client?.close();
    await srv?.stop();
  });

  /** A candidate whose callbacks append to `events`. */
  function candidate(identity: string, events: string[], name: string, leaseDurationSeconds = 15) {
    return new LeaderElector({
      client,
      namespace: 'kube-system',
      name,
      identity,
      leaseDurationSeconds,
      retryPeriodMs: 30,
      renewDeadlineMs: 500,
      onStartedLeading: (signal) => {
        events.push(`${identity} leads`);
        signal.addEventListener('abort', () => events.push(`${identity} signal`));
      },
      onStoppedLeading: () => events.push(`${identity} stops`),
    });
  }

  it('one candidate leads; when it stops and releases, the other takes over', async () => {
    const events: string[] = [];
    const a = candidate('a', events, 'ctrl');
    a.start();
    await eventually(() => a.isLeader(), 3000, 'a leads');
    const b = candidate('b', events, 'ctrl');
    b.start();
    // b keeps trying for several retry periods and must not win while a renews.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(b.isLeader(), false);
    assert.equal(b.leader(), 'a');

    const lease = await client.leases.get('kube-system', 'ctrl');
    assert.equal(lease.spec?.holderIdentity, 'a');
    assert.equal(lease.spec?.leaseDurationSeconds, 15);
    assert.equal(lease.spec?.leaseTransitions, 0);
    assert.match(lease.spec!.renewTime!, MICRO_TIME);
    assert.match(lease.spec!.acquireTime!, MICRO_TIME);

    await a.stop();
    assert.equal(a.isLeader(), false);
    await eventually(() => b.isLeader(), 3000, 'b takes over after the release');
    const taken = await client.leases.get('kube-system', 'ctrl');
    assert.equal(taken.spec?.holderIdentity, 'b');
    assert.equal(taken.spec?.leaseTransitions, 1);
    await b.stop();
    assert.deepEqual(events, ['a leads', 'a signal', 'a stops', 'b leads', 'b signal', 'b stops']);
    assert.equal((await client.leases.get('kube-system', 'ctrl')).spec?.holderIdentity, '', 'released');
  });

  it('a leader that vanishes without releasing is replaced once its lease expires', async () => {
    const events: string[] = [];
    const a = candidate('a', events, 'expiring', 1);
    a.start();
    await eventually(() => a.isLeader(), 3000, 'a leads');
    // Simulate a crash: a stops renewing but its lease stays written (no release).
    await client.leases.patch('kube-system', 'expiring', 'merge', { spec: { holderIdentity: 'crashed' } });
    await eventually(() => !a.isLeader(), 3000, 'a sees someone else holds the lease');
    await a.stop();
    const b = candidate('b', events, 'expiring', 1);
    const started = Date.now();
    b.start();
    await eventually(() => b.isLeader(), 5000, 'b takes over after expiry');
    assert.ok(Date.now() - started >= 900, `waited a lease duration (${Date.now() - started} ms)`);
    await b.stop();
  });
});
