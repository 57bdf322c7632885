// The generic registry: create, read, update, patch and delete for any ResourceType, on any
// Store, with upstream's semantics (optimistic concurrency, server-owned metadata,
// generation, status subresource, dry run, managed fields, finalizers, graceful deletion).
// Kind-specific behaviour comes from the ResourceType; nothing here names a kind.

import type { KubeObject, ResourceType } from '../../api/resource.js';
import { findUnknownFields } from '../../api/schema/unknown-fields.js';
import { findTypeError } from '../../api/schema/type-check.js';
import { schemaNode } from '../../api/schema/index.js';
import type { SchemaNode } from '../../machinery/schema-node.js';
import { alreadyExists, badRequest, conflict, internalError, invalid, notFound, OBJECT_MODIFIED, StatusError } from '../../machinery/status.js';
import { nowRFC3339 } from '../../machinery/time.js';
import { ConflictError, KeyExistsError, NotFoundError, type KeyValue, type Store } from '../../storage/index.js';
import { updateManagedFields } from '../fieldmanager/index.js';
import { decodeKV, type WatchCache } from '../watch-cache.js';
import type { RequestContext } from './context.js';
import { bumpGeneration, carryUpdateMeta, fillCreateMeta, generateName, keepAllButStatus, keepStatus, sameObject } from './object-meta.js';

/** How often an unconditional update or a patch is retried after losing a race. */
const MAX_RETRIES = 5;
/** How often a generateName collision is retried with a new suffix. */
const MAX_GENERATE_RETRIES = 8;

/** Admission: what the cluster's policies add to or refuse in a new object. */
/** Called after the write an allocation was for: keep it (ok) or give it back. */
export type FinishAllocation = (ok: boolean) => Promise<void>;

export interface Admission {
  /** Mutates (defaults policy adds) and may refuse a new object, after kind defaulting. */
  admitCreate(rt: ResourceType, obj: KubeObject): Promise<void>;
  /** Takes what a new object needs from a shared range (a Service's cluster IP), before validation. */
  beginCreate(rt: ResourceType, obj: KubeObject, dryRun: boolean): Promise<FinishAllocation | undefined>;
  /** The same for an update; what it no longer needs is given back once it is written. */
  beginUpdate(rt: ResourceType, obj: KubeObject, old: KubeObject, dryRun: boolean): Promise<FinishAllocation | undefined>;
  /** An object left storage: what it held goes back. */
  removed(rt: ResourceType, obj: KubeObject): Promise<void>;
}

export interface UpdateOptions {
  /** `status` for the status subresource; other subresources write through their own handlers. */
  subresource?: string;
  /** Optimistic-concurrency precondition; undefined = unconditional (retry on races). */
  expectRv?: string;
  /** Managed fields were computed by server-side apply already. */
  managedFieldsDone?: boolean;
  /** The server's own write (binding, finalize), not a client's object: kind validation is skipped, as upstream. */
  trusted?: boolean;
}

export class Registry {
  readonly schema: SchemaNode;
  readonly apiVersion: string;
  /** `pods`, `deployments.apps`: how upstream's messages name the resource. */
  readonly qualified: string;

  constructor(
    readonly rt: ResourceType,
    readonly store: Store,
    readonly cache: WatchCache,
    private readonly admission: Admission,
  ) {
    this.schema = schemaNode(rt.schemaType);
    this.apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
    this.qualified = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
  }

  /** `/registry/<storageResource>/[<namespace>/]` — the prefix of a namespace's objects, or of all. */
  prefix(namespace?: string): string {
    const base = `/registry/${this.rt.storageResource}/`;
    return this.rt.namespaced && namespace ? `${base}${namespace}/` : base;
  }

  key(namespace: string | undefined, name: string): string {
    return this.prefix(this.rt.namespaced ? namespace : undefined) + name;
  }

  /** Storage form → this version, with apiVersion and kind set. */
  out(obj: KubeObject): KubeObject {
    const o = this.rt.fromStorage ? this.rt.fromStorage(obj) : obj;
    return o.apiVersion === this.apiVersion && o.kind === this.rt.kind ? o : { apiVersion: this.apiVersion, kind: this.rt.kind, ...o };
  }

  private serialize(obj: KubeObject): string {
    const stored = this.rt.toStorage ? this.rt.toStorage(obj) : obj;
    const { resourceVersion: _rv, ...meta } = stored.metadata ?? {};
    return JSON.stringify({ ...stored, metadata: meta });
  }

  notFound(name: string): StatusError {
    return notFound(this.qualified, name, this.rt.group, this.rt.plural);
  }

  async getKV(namespace: string | undefined, name: string): Promise<KeyValue> {
    const kv = await this.store.get(this.key(namespace, name));
    if (!kv) throw this.notFound(name);
    return kv;
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    return this.out(decodeKV(await this.getKV(namespace, name)));
  }

  /** Checks apiVersion/kind, fills them when absent, and reconciles the namespace with the URL's. */
  private admitTypeAndNamespace(obj: KubeObject, namespace: string | undefined): void {
    if (obj.apiVersion !== undefined && obj.apiVersion !== this.apiVersion) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${this.apiVersion})`);
    }
    if (obj.kind !== undefined && obj.kind !== this.rt.kind) {
      throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${this.rt.kind})`);
    }
    obj.apiVersion = this.apiVersion;
    obj.kind = this.rt.kind;
    if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))) {
      throw badRequest('metadata: Invalid value: must be an object');
    }
    const meta = (obj.metadata ??= {});
    if (!this.rt.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = meta.namespace || namespace;
  }

  /** A value of the wrong JSON type is a 400, as upstream's typed decoder makes it. */
  checkTypes(obj: KubeObject): void {
    const err = findTypeError(obj, this.schema, this.rt.kind);
    if (err) throw badRequest(`${this.rt.kind} in version "${this.rt.version}" cannot be handled as a ${this.rt.kind}: ${err}`);
  }

  /** Applies fieldValidation to fields the schema does not know. */
  private checkUnknownFields(ctx: RequestContext, obj: KubeObject): void {
    if (ctx.fieldValidation === 'Ignore') return;
    const unknown = findUnknownFields(obj, this.schema);
    if (unknown.length === 0) return;
    if (ctx.fieldValidation === 'Strict') throw badRequest(`strict decoding error: ${unknown.join(', ')}`);
    ctx.warnings.push(...unknown);
  }

  private validate(obj: KubeObject, old?: KubeObject): void {
    const errors = old ? (this.rt.validateUpdate ?? this.rt.validate)?.(obj, old) : this.rt.validate?.(obj);
    if (errors && errors.length > 0) throw invalid(this.rt.kind, obj.metadata?.name ?? '', errors, this.rt.group);
  }

  private managedFields(ctx: RequestContext, old: KubeObject | null, obj: KubeObject, subresource?: string): void {
    obj.metadata!.managedFields = updateManagedFields({
      old,
      updated: obj,
      manager: ctx.fieldManager ?? 'unknown',
      operation: 'Update',
      subresource,
      schema: this.schema,
      apiVersion: this.apiVersion,
      now: nowRFC3339(),
    });
  }

  async create(ctx: RequestContext, namespace: string | undefined, body: KubeObject, managedFieldsDone = false): Promise<KubeObject> {
    const obj = body;
    this.checkTypes(obj);
    this.admitTypeAndNamespace(obj, namespace);
    this.checkUnknownFields(ctx, obj);
    const meta = obj.metadata!;
    if (meta.resourceVersion) throw internalError('resourceVersion should not be set on objects to be created');
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    fillCreateMeta(obj, this.rt);
    this.rt.defaults?.(obj);
    this.rt.prepareForCreate?.(obj);
    await this.admission.admitCreate(this.rt, obj);
    const finish = await this.admission.beginCreate(this.rt, obj, ctx.dryRun);
    let created = false;
    try {
      const result = await this.validateAndWrite(ctx, body, obj, managedFieldsDone);
      created = true;
      return result;
    } finally {
      await finish?.(created);
    }
  }

  private async validateAndWrite(ctx: RequestContext, body: KubeObject, obj: KubeObject, managedFieldsDone: boolean): Promise<KubeObject> {
    const meta = obj.metadata!;
    this.validate(obj);
    if (!managedFieldsDone) this.managedFields(ctx, null, obj);
    if (ctx.dryRun) {
      // A dry run still reports a name that is taken, as upstream's dry-run storage does.
      if (await this.store.get(this.key(meta.namespace, meta.name!))) throw alreadyExists(this.qualified, meta.name!, this.rt.group, this.rt.plural);
      return obj;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const rv = await this.store.create(this.key(meta.namespace, meta.name!), this.serialize(obj));
        meta.resourceVersion = String(rv);
        return obj;
      } catch (e) {
        if (!(e instanceof KeyExistsError)) throw e;
        if (!body.metadata?.generateName || attempt >= MAX_GENERATE_RETRIES || meta.name !== undefined && !meta.name.startsWith(body.metadata.generateName.slice(0, 58))) {
          throw alreadyExists(this.qualified, meta.name!, this.rt.group, this.rt.plural);
        }
        meta.name = generateName(body.metadata.generateName);
      }
    }
  }

  /**
   * Replaces an object. `build` turns the current object into the desired one; it runs again
   * when an unconditional write loses a race, so patches re-apply to the newest state.
   */
  async update(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    build: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    opts: UpdateOptions = {},
  ): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const kv = await this.getKV(namespace, name);
      const old = this.out(decodeKV(kv));
      let obj = await build(structuredClone(old));
      this.checkTypes(obj);
      this.admitTypeAndNamespace(obj, namespace);
      if (obj.metadata!.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata!.name ?? ''}) does not match the name on the URL (${name})`);
      }
      // A stale resourceVersion is a conflict; after a lost race the next attempt sees it stale.
      const expectRv = opts.expectRv ?? obj.metadata!.resourceVersion;
      if (expectRv && expectRv !== old.metadata!.resourceVersion) throw this.conflict(name);
      // A uid in the new object is a precondition (upstream's defaultUpdatedObjectInfo.Preconditions).
      const uid = obj.metadata!.uid;
      if (uid && uid !== old.metadata!.uid) {
        throw conflict(this.qualified, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata!.uid ?? ''}`, this.rt.group, this.rt.plural);
      }
      this.checkUnknownFields(ctx, obj);
      if (opts.subresource === 'status') obj = keepAllButStatus(obj, old);
      else if (!opts.subresource && this.rt.hasStatus) keepStatus(obj, old);
      carryUpdateMeta(obj, old);
      this.rt.defaults?.(obj);
      if (!opts.subresource) this.rt.prepareForUpdate?.(obj, old);
      const finish = opts.subresource ? undefined : await this.admission.beginUpdate(this.rt, obj, old, ctx.dryRun);
      let written: KubeObject | undefined;
      try {
        written = await this.validateAndReplace(ctx, namespace, name, kv, obj, old, opts);
      } finally {
        await finish?.(written !== undefined && written !== old);
      }
      if (written) return written;
      if (attempt >= MAX_RETRIES) throw this.conflict(name);
    }
  }

  /** The rest of an update attempt: the written object, `old` when nothing changed, undefined when another write won. */
  private async validateAndReplace(ctx: RequestContext, namespace: string | undefined, name: string, kv: KeyValue, obj: KubeObject, old: KubeObject, opts: UpdateOptions): Promise<KubeObject | undefined> {
    if (!opts.trusted) this.validate(obj, old);
    bumpGeneration(obj, old, this.rt);
    if (!opts.managedFieldsDone) this.managedFields(ctx, old, obj, opts.subresource);
    obj.metadata!.resourceVersion = old.metadata!.resourceVersion;
    if (sameObject(obj, old)) return old;
    if (ctx.dryRun) return obj;
    if (old.metadata!.deletionTimestamp && !this.holdsDeletion(obj) && !old.metadata!.deletionGracePeriodSeconds) {
      // The last finalizer is gone from an object being deleted: the deletion completes.
      // Not while a grace period runs (a pod's kubelet still reports its status then): as
      // upstream's shouldDeleteDuringUpdate, the kubelet's final delete ends those.
      return this.remove(namespace, name, kv, obj);
    }
    return this.writeIfUnchanged(kv, obj);
  }

  /** Writes `obj` over `kv` if nothing wrote it since; undefined when another write won (read again and retry). */
  private async writeIfUnchanged(kv: KeyValue, obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      const rv = await this.store.update(kv.key, this.serialize(obj), kv.modRevision);
      obj.metadata!.resourceVersion = String(rv);
      return obj;
    } catch (e) {
      // Lost a race with another write (or a delete: the next read then says 404).
      if (e instanceof ConflictError || e instanceof NotFoundError) return undefined;
      throw e;
    }
  }

  /** Finalizers hold a deletion; namespaces also hold on `spec.finalizers` until finalized. */
  holdsDeletion(obj: KubeObject): boolean {
    if ((obj.metadata?.finalizers ?? []).length > 0) return true;
    const spec = obj.spec as { finalizers?: string[] } | undefined;
    return this.rt.kind === 'Namespace' && !this.rt.group && (spec?.finalizers ?? []).length > 0;
  }

  /** Writes deletion marks (deletionTimestamp and friends), which ordinary updates may not touch. */
  async updateDeletionMarks(ctx: RequestContext, namespace: string | undefined, name: string, mark: (obj: KubeObject) => KubeObject): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const kv = await this.getKV(namespace, name);
      const old = this.out(decodeKV(kv));
      const obj = mark(structuredClone(old));
      if (sameObject(obj, old) || ctx.dryRun) return obj;
      const written = await this.writeIfUnchanged(kv, obj);
      if (written) return written;
      if (attempt >= MAX_RETRIES) throw this.conflict(name);
    }
  }

  conflict(name: string): StatusError {
    return conflict(this.qualified, name, OBJECT_MODIFIED, this.rt.group, this.rt.plural);
  }

  /** Deletes from storage now (guarded by the revision we read), returning the last state. */
  async remove(namespace: string | undefined, name: string, kv: KeyValue, last: KubeObject): Promise<KubeObject> {
    try {
      const { revision } = await this.store.delete(this.key(namespace, name), kv.modRevision);
      last.metadata!.resourceVersion = String(revision);
      await this.admission.removed(this.rt, last);
      return last;
    } catch (e) {
      if (e instanceof ConflictError) throw this.conflict(name);
      if (e instanceof NotFoundError) throw this.notFound(name);
      throw e;
    }
  }
}

