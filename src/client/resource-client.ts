// Typed verbs on one resource (client-go's dynamic ResourceInterface, with a type parameter):
// it builds the REST paths and query parameters; the Client underneath sends, retries and
// turns error replies into ApiErrors.

import type { KubeObject } from '../api/resource.js';
import type { Status } from '../machinery/status.js';
import type { Query } from './transport.js';
import { ApiError } from './errors.js';
import type { LineStream } from './transport.js';

/** What identifies a resource's endpoint. ResourceType from src/api satisfies it. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take over fields other managers own. */
  force?: boolean;
  subresource?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export type WatchEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T } | { type: 'ERROR'; object: Status };

/** A running watch: iterate its events; `stop()` hangs up (the iteration then ends). */
export interface Watch<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

/** A subresource other than status (`binding`, `eviction`, `scale`): its body types are the caller's. */
export interface SubresourceClient {
  get<R = KubeObject>(): Promise<R>;
  create<R = KubeObject>(body: unknown, opts?: WriteOptions): Promise<R>;
  update<R = KubeObject>(body: unknown, opts?: WriteOptions): Promise<R>;
}

/** What a ResourceClient needs from the Client: one JSON round trip, and a line stream. */
export interface Requester {
  json<R>(method: string, path: string, opts?: { query?: Query; body?: unknown; contentType?: string }): Promise<R>;
  stream(path: string, query: Query): Promise<LineStream>;
}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Every verb is async: a bad argument (a missing namespace or name) rejects rather than throws. */
export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    readonly ref: ResourceRef,
    private readonly requester: Requester,
  ) {}

  async get(ns: string | undefined, name: string): Promise<T> {
    return this.requester.json('GET', this.path(ns, name));
  }

  async list(ns?: string, opts: ListOptions = {}): Promise<ObjectList<T>> {
    return this.requester.json('GET', this.collection(ns), { query: { ...opts } });
  }

  async create(ns: string | undefined, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.requester.json('POST', this.collection(ns ?? obj.metadata?.namespace, true), { body: obj, query: writeQuery(opts) });
  }

  /** PUT: an optimistic-concurrency write when `obj` carries metadata.resourceVersion. */
  async update(ns: string | undefined, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.requester.json('PUT', this.path(ns ?? obj.metadata?.namespace, nameOf(obj)), { body: obj, query: writeQuery(opts) });
  }

  async updateStatus(ns: string | undefined, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.requester.json('PUT', `${this.path(ns ?? obj.metadata?.namespace, nameOf(obj))}/status`, { body: obj, query: writeQuery(opts) });
  }

  async patch(ns: string | undefined, name: string, type: PatchType, patch: unknown, opts: PatchOptions = {}): Promise<T> {
    const sub = opts.subresource ? `/${opts.subresource}` : '';
    const query: Query = { ...writeQuery(opts), force: type === 'apply' && opts.force !== undefined ? opts.force : undefined };
    return this.requester.json('PATCH', this.path(ns, name) + sub, { body: patch, contentType: PATCH_CONTENT_TYPES[type], query });
  }

  /** The deleted object (or, while finalizers or a grace period hold it, its updated state), or a Success Status. */
  async delete(ns: string | undefined, name: string, opts: DeleteOptions = {}): Promise<T | Status> {
    return this.requester.json('DELETE', this.path(ns, name), { body: deleteBody(opts) });
  }

  async deleteCollection(ns?: string, opts: DeleteOptions & Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {}): Promise<ObjectList<T>> {
    const { labelSelector, fieldSelector, ...del } = opts;
    return this.requester.json('DELETE', this.collection(ns), { query: { labelSelector, fieldSelector }, body: deleteBody(del) });
  }

  async watch(ns?: string, opts: WatchOptions = {}): Promise<Watch<T>> {
    const lines = await this.requester.stream(this.collection(ns), { ...opts, watch: true });
    async function* events(): AsyncGenerator<WatchEvent<T>> {
      for await (const line of lines) yield JSON.parse(line) as WatchEvent<T>;
    }
    const it = events();
    return { [Symbol.asyncIterator]: () => it, stop: () => lines.close() };
  }

  subresource(ns: string | undefined, name: string, sub: string): SubresourceClient {
    const path = `${this.path(ns, name)}/${sub}`;
    return {
      get: () => this.requester.json('GET', path),
      create: (body, opts = {}) => this.requester.json('POST', path, { body, query: writeQuery(opts) }),
      update: (body, opts = {}) => this.requester.json('PUT', path, { body, query: writeQuery(opts) }),
    };
  }

  /** `/api/v1` or `/apis/<group>/<version>`. */
  private get base(): string {
    return this.ref.group === '' ? `/api/${this.ref.version}` : `/apis/${this.ref.group}/${this.ref.version}`;
  }

  /** The collection; for a namespaced resource without `ns`, across all namespaces (unless `needNamespace`). */
  private collection(ns: string | undefined, needNamespace = false): string {
    if (!this.ref.namespaced) return `${this.base}/${this.ref.plural}`;
    if (!ns) {
      if (needNamespace) throw namespaceRequired(this.ref);
      return `${this.base}/${this.ref.plural}`;
    }
    return `${this.base}/namespaces/${encodeURIComponent(ns)}/${this.ref.plural}`;
  }

  private path(ns: string | undefined, name: string): string {
    if (!name) throw new Error(`${this.ref.plural}: a name is required`);
    return `${this.collection(ns, true)}/${encodeURIComponent(name)}`;
  }
}

function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

function writeQuery(opts: WriteOptions): Query {
  return { fieldManager: opts.fieldManager, dryRun: opts.dryRun ? 'All' : undefined };
}

function deleteBody(opts: DeleteOptions): unknown {
  const { dryRun, ...rest } = opts;
  return { kind: 'DeleteOptions', apiVersion: 'v1', ...rest, ...(dryRun ? { dryRun: ['All'] } : {}) };
}

function namespaceRequired(ref: ResourceRef): ApiError {
  // Reported as the server would for a namespaced path without a namespace, without asking it.
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 400, reason: 'BadRequest', message: `${ref.plural}: a namespace is required` });
}
