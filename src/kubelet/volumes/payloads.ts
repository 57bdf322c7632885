// The files of configMap, secret, downwardAPI and projected volumes (upstream's MakePayload
// and downwardapi.CollectData): every key, or only the listed items under their own paths
// and modes; a missing object or key is an error unless the source is optional.

import type { KeyToPath, Pod, ResourceList } from '../../api/core/types.js';
import type { Client } from '../../client/index.js';
import { configMapEntries, findContainer, getConfigMap, getSecret, metadataFieldValue, resourceFieldValue, secretEntries, type ResourceFieldRef } from '../env/index.js';
import type { FileProjection, Payload } from './atomic-writer.js';
import type { ServiceAccountTokens, TokenProjection } from './service-account-token.js';

/** 0644, the mode of every file unless the volume or item says otherwise. */
export const DEFAULT_MODE = 0o644;

export interface PayloadContext {
  pod: Pod;
  client: Client;
  allocatable: () => Promise<ResourceList>;
  tokens: ServiceAccountTokens;
}

export interface KeySource {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}

export interface DownwardItem {
  path?: string;
  fieldRef?: { apiVersion?: string; fieldPath?: string };
  resourceFieldRef?: ResourceFieldRef;
  mode?: number;
}

export interface ProjectedSource {
  configMap?: KeySource;
  secret?: KeySource;
  downwardAPI?: { items?: DownwardItem[] };
  serviceAccountToken?: TokenProjection;
}

/** Several failures read as upstream's aggregate error: `[a, b]`. */
export function aggregate(errors: Error[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new Error(`[${errors.map((e) => e.message).join(', ')}]`);
}

function keyPayload(entries: Map<string, Buffer>, source: KeySource, defaultMode: number, missingKey: string): Payload {
  const payload: Payload = new Map();
  if (!source.items?.length) {
    for (const [key, data] of entries) payload.set(key, { data, mode: defaultMode });
    return payload;
  }
  for (const item of source.items) {
    const data = entries.get(item.key ?? '');
    if (data === undefined) {
      if (source.optional) continue;
      throw new Error(`${missingKey}: ${item.key}`);
    }
    payload.set(item.path ?? '', { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

export async function configMapPayload(ctx: PayloadContext, source: KeySource, defaultMode: number): Promise<Payload> {
  const cm = await getConfigMap(ctx.client, ctx.pod.metadata?.namespace ?? '', source.name ?? '');
  if (!cm && !source.optional) throw new Error(`configmap "${source.name}" not found`);
  return keyPayload(cm ? configMapEntries(cm) : new Map(), source, defaultMode, 'configmap references non-existent config key');
}

export async function secretPayload(ctx: PayloadContext, source: KeySource, defaultMode: number): Promise<Payload> {
  const secret = await getSecret(ctx.client, ctx.pod.metadata?.namespace ?? '', source.name ?? '');
  if (!secret && !source.optional) throw new Error(`secret "${source.name}" not found`);
  return keyPayload(secret ? secretEntries(secret) : new Map(), source, defaultMode, 'references non-existent secret key');
}

export async function downwardAPIPayload(ctx: PayloadContext, items: DownwardItem[], defaultMode: number): Promise<Payload> {
  const payload: Payload = new Map();
  const errors: Error[] = [];
  for (const item of items) {
    const file: FileProjection = { data: Buffer.alloc(0), mode: item.mode ?? defaultMode };
    try {
      if (item.fieldRef) file.data = Buffer.from(metadataFieldValue(ctx.pod, item.fieldRef.fieldPath ?? ''));
      else if (item.resourceFieldRef) {
        const name = item.resourceFieldRef.containerName ?? '';
        const container = findContainer(ctx.pod, name);
        if (!container) throw new Error(`container ${name} not found`);
        file.data = Buffer.from(await resourceFieldValue(item.resourceFieldRef, container, ctx.allocatable));
      }
    } catch (e) {
      errors.push(e as Error);
    }
    payload.set(item.path ?? '', file);
  }
  const err = aggregate(errors);
  if (err) throw err;
  return payload;
}

export async function projectedPayload(ctx: PayloadContext, sources: ProjectedSource[], defaultMode: number): Promise<Payload> {
  const payload: Payload = new Map();
  const errors: Error[] = [];
  for (const source of sources) {
    try {
      let part: Payload = new Map();
      if (source.configMap) part = await configMapPayload(ctx, source.configMap, defaultMode);
      else if (source.secret) part = await secretPayload(ctx, source.secret, defaultMode);
      else if (source.downwardAPI) part = await downwardAPIPayload(ctx, source.downwardAPI.items ?? [], defaultMode);
      else if (source.serviceAccountToken) {
        const token = await ctx.tokens.token(ctx.pod, source.serviceAccountToken);
        part.set(source.serviceAccountToken.path ?? '', { data: Buffer.from(token), mode: defaultMode });
      }
      for (const [p, f] of part) payload.set(p, f);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  const err = aggregate(errors);
  if (err) throw err;
  return payload;
}
