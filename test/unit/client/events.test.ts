// EventRecorder over a scripted transport: the Event it creates, repeats turned into count
// patches (the correlator), new Events after the dedup window, the per-object rate limit,
// re-creating an expired Event, and failures that never reach the caller.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventRecorder } from '../../../src/client/events.js';
import { Client, type LineStream, type Transport, type TransportRequest, type TransportResponse } from '../../../src/client/index.js';

interface Sent {
  method: string;
  path: string;
  contentType?: string;
  body: any;
}

/** Answers every request with `reply` (default: 201/200 echoing the body) and keeps what was sent. */
class FakeTransport implements Transport {
  readonly sent: Sent[] = [];
  reply: (r: TransportRequest) => TransportResponse = (r) => ({ status: r.method === 'POST' ? 201 : 200, headers: {}, body: Buffer.from(r.body ?? '{}') });

  async request(r: TransportRequest): Promise<TransportResponse> {
    this.sent.push({ method: r.method, path: r.path, contentType: r.contentType, body: r.body === undefined ? undefined : JSON.parse(String(r.body)) });
    return this.reply(r);
  }
  stream(): Promise<LineStream> {
    throw new Error('not used');
  }
  close(): void {}
}

const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'prod', uid: 'u-1', resourceVersion: '42' } };
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u-n' } };

function setup() {
  const transport = new FakeTransport();
  let t = Date.parse('2024-06-01T12:00:00Z');
  const recorder = new EventRecorder(new Client(transport, { maxRetries: 0 }), 'replicaset-controller', 'host-a', { now: () => t });
  return { transport, recorder, advance: (ms: number) => void (t += ms) };
}

describe('EventRecorder', () => {
  it('creates a core/v1 Event in the object\'s namespace with everything describe needs', async () => {
    const { transport, recorder } = setup();
    recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-abcde');
    await recorder.flush();
    assert.equal(transport.sent.length, 1);
    const { method, path, body } = transport.sent[0]!;
    assert.equal(method, 'POST');
    assert.equal(path, '/api/v1/namespaces/prod/events');
    assert.match(body.metadata.name, /^web\.[0-9a-f]{16}$/);
    assert.deepEqual(body, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: body.metadata.name, namespace: 'prod' },
      involvedObject: { kind: 'ReplicaSet', namespace: 'prod', name: 'web', uid: 'u-1', apiVersion: 'apps/v1', resourceVersion: '42' },
      reason: 'SuccessfulCreate',
      message: 'Created pod: web-abcde',
      type: 'Normal',
      source: { component: 'replicaset-controller', host: 'host-a' },
      reportingComponent: 'replicaset-controller',
      reportingInstance: 'host-a',
      firstTimestamp: '2024-06-01T12:00:00Z',
      lastTimestamp: '2024-06-01T12:00:00Z',
      count: 1,
    });
  });

  it('puts events about cluster-scoped objects in default, with unique names', async () => {
    const { transport, recorder } = setup();
    recorder.event(node, 'Warning', 'A', 'one');
    recorder.event(node, 'Warning', 'B', 'two');
    await recorder.flush();
    assert.deepEqual(transport.sent.map((s) => s.path), ['/api/v1/namespaces/default/events', '/api/v1/namespaces/default/events']);
    assert.notEqual(transport.sent[0]!.body.metadata.name, transport.sent[1]!.body.metadata.name);
    assert.equal(transport.sent[0]!.body.involvedObject.namespace, undefined);
  });

  it('turns repeats within ten minutes into count patches on the same Event', async () => {
    const { transport, recorder, advance } = setup();
    recorder.event(rs, 'Warning', 'FailedCreate', 'Error creating: quota');
    advance(60_000);
    recorder.event(rs, 'Warning', 'FailedCreate', 'Error creating: quota');
    advance(60_000);
    recorder.event(rs, 'Warning', 'FailedCreate', 'Error creating: quota');
    await recorder.flush();
    const [create, p1, p2] = transport.sent;
    assert.deepEqual([create!.method, p1!.method, p2!.method], ['POST', 'PATCH', 'PATCH']);
    assert.equal(p1!.path, `/api/v1/namespaces/prod/events/${create!.body.metadata.name}`);
    assert.equal(p1!.contentType, 'application/merge-patch+json');
    assert.deepEqual(p1!.body, { count: 2, lastTimestamp: '2024-06-01T12:01:00Z', message: 'Error creating: quota' });
    assert.deepEqual(p2!.body, { count: 3, lastTimestamp: '2024-06-01T12:02:00Z', message: 'Error creating: quota' });
  });

  it('creates a new Event for a different message, and for a repeat after the window', async () => {
    const { transport, recorder, advance } = setup();
    recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: a');
    recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: b');
    advance(10 * 60_000 + 1);
    recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: a');
    await recorder.flush();
    assert.deepEqual(transport.sent.map((s) => s.method), ['POST', 'POST', 'POST']);
    assert.equal(transport.sent[2]!.body.count, 1);
  });

  it('re-creates an Event that vanished, under the same name and count', async () => {
    const { transport, recorder } = setup();
    recorder.event(rs, 'Normal', 'R', 'm');
    await recorder.flush();
    const name = transport.sent[0]!.body.metadata.name;
    transport.reply = (r) =>
      r.method === 'PATCH'
        ? { status: 404, headers: {}, body: Buffer.from(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'gone' })) }
        : { status: 201, headers: {}, body: Buffer.from(String(r.body)) };
    recorder.event(rs, 'Normal', 'R', 'm');
    await recorder.flush();
    const [, patch, create] = transport.sent;
    assert.equal(patch!.method, 'PATCH');
    assert.equal(create!.method, 'POST');
    assert.equal(create!.body.metadata.name, name);
    assert.equal(create!.body.count, 2);
  });

  it('rate-limits each source and object to a burst of 25, refilled one per five minutes', async () => {
    const { transport, recorder, advance } = setup();
    for (let i = 0; i < 30; i++) recorder.event(rs, 'Normal', 'Spam', `message ${i}`);
    // Another object has its own bucket.
    recorder.event({ ...rs, metadata: { ...rs.metadata, name: 'other', uid: 'u-2' } }, 'Normal', 'Spam', 'x');
    await recorder.flush();
    assert.equal(transport.sent.length, 26);
    advance(5 * 60_000);
    recorder.event(rs, 'Normal', 'Spam', 'after refill');
    recorder.event(rs, 'Normal', 'Spam', 'dropped again');
    await recorder.flush();
    assert.deepEqual(transport.sent.slice(26).map((s) => s.body.message), ['after refill']);
  });

  it('never throws at the caller when the API fails', async () => {
    const { transport, recorder } = setup();
    transport.reply = () => ({ status: 500, headers: {}, body: Buffer.from('boom') });
    assert.doesNotThrow(() => recorder.event(rs, 'Warning', 'X', 'y'));
    await recorder.flush();
    assert.equal(transport.sent.length, 1);
  });
});
