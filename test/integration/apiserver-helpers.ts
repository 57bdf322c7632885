// Shared plumbing for the in-process API server integration tests: a server on a
// MemoryStore (plain HTTP, so every caller is admin), a small fetch-based JSON client, and a
// line-reading watch client that collects events.

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import http from 'node:http';
import { allResources } from '../../src/api/all.js';
import { Authenticator } from '../../src/apiserver/authn.js';
import { ApiServer } from '../../src/apiserver/server.js';
import type { JwtKeys } from '../../src/apiserver/serviceaccount/jwt.js';
import { MemoryStore, type Store } from '../../src/storage/index.js';

export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  body: Json;
}

export interface RequestOptions {
  /** Defaults to application/json when a body is given. */
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export class Client {
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    let payload: string | Uint8Array | undefined;
    if (body !== undefined) {
      payload = body instanceof Uint8Array ? body : typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    }
    if (opts.accept) headers.Accept = opts.accept;
    // fetch takes any Uint8Array at run time; the DOM-less typings only spell out some body types.
    const res = await fetch(this.base + path, { method, headers, body: payload as string | undefined });
    const text = await res.text();
    let parsed: Json;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  get(path: string, opts?: RequestOptions): Promise<Reply> {
    return this.request('GET', path, undefined, opts);
  }
  post(path: string, body: unknown, opts?: RequestOptions): Promise<Reply> {
    return this.request('POST', path, body, opts);
  }
  put(path: string, body: unknown, opts?: RequestOptions): Promise<Reply> {
    return this.request('PUT', path, body, opts);
  }
  /** `type`: merge (default), json, strategic, apply — or a full media type. */
  patch(path: string, body: unknown, type = 'merge', opts: RequestOptions = {}): Promise<Reply> {
    const types: Record<string, string> = {
      merge: 'application/merge-patch+json',
      json: 'application/json-patch+json',
      strategic: 'application/strategic-merge-patch+json',
      apply: 'application/apply-patch+yaml',
    };
    return this.request('PATCH', path, body, { ...opts, contentType: types[type] ?? type });
  }
  delete(path: string, body?: unknown, opts?: RequestOptions): Promise<Reply> {
    return this.request('DELETE', path, body, opts);
  }

  /** Like request, but asserts the status code (showing the body when it differs). */
  async expect(code: number, method: string, path: string, body?: unknown, opts?: RequestOptions): Promise<Json> {
    const r = await this.request(method, path, body, opts);
    assert.equal(r.status, code, `${method} ${path} → ${r.status}: ${r.text}`);
    return r.body;
  }
}

/** Asserts a metav1.Status failure with the given code, reason and (exact or matching) message. */
export function assertStatus(r: Reply, code: number, reason: string, message?: string | RegExp): void {
  assert.equal(r.status, code, `expected ${code}, got ${r.status}: ${r.text}`);
  assert.equal(r.body?.kind, 'Status', r.text);
  assert.equal(r.body.apiVersion, 'v1');
  assert.equal(r.body.status, 'Failure');
  assert.equal(r.body.code, code);
  assert.equal(r.body.reason, reason, r.text);
  if (typeof message === 'string') assert.equal(r.body.message, message);
  else if (message) assert.match(r.body.message, message);
}

export interface TestServer<S extends Store = MemoryStore> {
  server: ApiServer;
  store: S;
  port: number;
  base: string;
  client: Client;
  stop(): Promise<void>;
}

/**
 * Starts a server; `store` may be prepared beforehand (for example to hold history the server
 * never saw). With `serviceAccountKeys` it also serves serviceaccounts/token.
 */
export async function startServer<S extends Store = MemoryStore>(store: S = new MemoryStore() as unknown as S, serviceAccountKeys?: JwtKeys): Promise<TestServer<S>> {
  const server = new ApiServer({ store, resources: allResources(), authenticator: new Authenticator(), host: '127.0.0.1', port: 0, serviceAccountKeys });
  const { port } = await server.start();
  const base = `http://127.0.0.1:${port}`;
  return {
    server,
    store,
    port,
    base,
    client: new Client(base),
    async stop() {
      await server.stop();
      await store.close();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls `fn` until it returns a truthy value (or stops throwing), failing after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await sleep(25);
  }
}

/** Rejects if `p` takes longer than `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

export interface WatchEvent {
  type: string;
  object: Json;
}

/**
 * A watch stream read line by line. Every line must end in `\n` and parse as one event;
 * the raw lines are kept so tests can check the framing.
 */
export class WatchClient {
  readonly events: WatchEvent[] = [];
  readonly lines: string[] = [];
  status = 0;
  contentType = '';
  /** Resolves when the server ends the stream (or the connection fails). */
  readonly ended: Promise<void>;
  private endedFlag = false;
  private partial = '';
  private req?: http.ClientRequest;
  private readonly wakeups = new Set<() => void>();
  private readonly started: Promise<void>;

  constructor(base: string, path: string, headers: Record<string, string> = {}) {
    let onEnd!: () => void;
    this.ended = new Promise((r) => (onEnd = r));
    const finish = () => {
      if (this.endedFlag) return;
      this.endedFlag = true;
      onEnd();
      this.wake();
    };
    this.started = new Promise((resolve, reject) => {
      this.req = http.get(base + path, { agent: false, headers }, (res) => {
        this.status = res.statusCode ?? 0;
        this.contentType = String(res.headers['content-type'] ?? '');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.onData(chunk));
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
        resolve();
      });
      this.req.on('error', (e) => {
        finish();
        reject(e);
      });
    });
  }

  /** Resolves once response headers arrived. */
  ready(): Promise<void> {
    return this.started;
  }

  get done(): boolean {
    return this.endedFlag;
  }

  private onData(chunk: string): void {
    this.partial += chunk;
    let i: number;
    while ((i = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, i);
      this.partial = this.partial.slice(i + 1);
      this.lines.push(line + '\n');
      this.events.push(JSON.parse(line) as WatchEvent);
    }
    this.wake();
  }

  /** Bytes received after the last newline (a well-formed stream leaves none). */
  get trailing(): string {
    return this.partial;
  }

  private wake(): void {
    for (const w of [...this.wakeups]) w();
  }

  /** Waits until `pred` holds for the events so far; returns the first event satisfying `match` when given. */
  async waitFor(pred: (events: WatchEvent[]) => boolean, timeoutMs = 5000, what = 'watch events'): Promise<WatchEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.events)) {
      if (this.endedFlag) throw new Error(`watch ended while waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.type, e.object?.metadata?.name]))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.type, e.object?.metadata?.name]))}`);
      await new Promise<void>((resolve) => {
        const w = () => {
          clearTimeout(t);
          this.wakeups.delete(w);
          resolve();
        };
        const t = setTimeout(w, left);
        this.wakeups.add(w);
      });
    }
    return this.events;
  }

  /** Waits for at least `n` events in total. */
  waitForCount(n: number, timeoutMs = 5000): Promise<WatchEvent[]> {
    return this.waitFor((e) => e.length >= n, timeoutMs, `${n} events`);
  }

  /** Waits for an event of `type` on object `name` and returns it. */
  async waitForEvent(type: string, name: string, timeoutMs = 5000): Promise<WatchEvent> {
    const find = () => this.events.find((e) => e.type === type && e.object?.metadata?.name === name);
    await this.waitFor(() => find() !== undefined, timeoutMs, `${type} ${name}`);
    return find()!;
  }

  /** Waits for the server to end the stream. */
  waitForEnd(timeoutMs = 5000): Promise<void> {
    return withTimeout(this.ended, timeoutMs, 'the watch to end');
  }

  close(): void {
    this.req?.destroy();
  }
}

/** Opens a watch and waits for its response headers. */
export async function openWatch(base: string, path: string, headers?: Record<string, string>): Promise<WatchClient> {
  const w = new WatchClient(base, path, headers);
  await withTimeout(w.ready(), 5000, `watch ${path} to start`);
  return w;
}

/** A ConfigMap body. */
export function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>, namespace?: string): Json {
  const metadata: Json = { name };
  if (labels) metadata.labels = labels;
  if (namespace) metadata.namespace = namespace;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

/** A minimal valid Deployment. */
export function deployment(name: string, replicas = 1, image = 'nginx:1.27'): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

/** A minimal valid Pod, optionally already bound to a node. */
export function pod(name: string, opts: { nodeName?: string; labels?: Record<string, string> } = {}): Json {
  const spec: Json = { containers: [{ name: 'c', image: 'busybox' }] };
  if (opts.nodeName) spec.nodeName = opts.nodeName;
  const metadata: Json = { name };
  if (opts.labels) metadata.labels = opts.labels;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** Creates a namespace and returns its name. */
export async function createNamespace(client: Client, name: string): Promise<string> {
  await client.expect(201, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/**
 * One server for the whole test file: started before its tests, stopped after. Read `.t`
 * and `.c` inside tests (they are set once `before` has run).
 */
export function serverPerFile(): { t: TestServer; c: Client } {
  const holder = {} as { t: TestServer; c: Client };
  before(async () => {
    holder.t = await startServer();
    holder.c = holder.t.client;
  });
  after(() => holder.t.stop());
  return holder;
}
