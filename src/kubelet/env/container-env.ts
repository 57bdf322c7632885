// A container's environment, as upstream's makeEnvironmentVariables builds it: the Service
// variables, then envFrom (ConfigMaps and Secrets, with their prefix), then `env` in order —
// each value with `$(VAR)` references to earlier variables and Services expanded, or taken
// from its source (fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef). Later sources
// override earlier ones.

import type { ConfigMap } from '../../api/core/configmaps.js';
import type { Secret } from '../../api/core/secrets.js';
import type { Service } from '../../api/core/services.js';
import type { Container, EnvVar, Pod, ResourceList } from '../../api/core/types.js';
import type { Client } from '../../client/index.js';
import type { KeyValue } from '../runtime/types.js';
import { getConfigMap, getSecret, nodeAllocatable, secretEntries } from './api-objects.js';
import { ContainerConfigError } from './errors.js';
import { expand, mappingFor } from './expansion.js';
import { podFieldValue, podIPsOf } from './field-path.js';
import { findContainer, resourceFieldValue } from './resource-field.js';
import { serviceEnv, visibleServices } from './service-links.js';

export interface EnvSources {
  /** To GET ConfigMaps and Secrets (the kubelet reads them on demand, as upstream's). */
  client: Client;
  /** Every Service in the cluster, from an informer the kubelet owns. */
  services: () => Service[];
  nodeName: string;
  nodeIP: string;
}

/** The objects one container's env reads, each fetched once. */
class Lookups {
  private readonly configMaps = new Map<string, Promise<ConfigMap | undefined>>();
  private readonly secrets = new Map<string, Promise<Secret | undefined>>();
  private allocatable?: Promise<ResourceList>;

  constructor(
    private readonly pod: Pod,
    private readonly sources: EnvSources,
  ) {}

  private get namespace(): string {
    return this.pod.metadata?.namespace ?? '';
  }

  /** The ConfigMap, or undefined when it is missing and `optional`. */
  async configMap(name: string, optional: boolean): Promise<ConfigMap | undefined> {
    if (!this.configMaps.has(name)) this.configMaps.set(name, getConfigMap(this.sources.client, this.namespace, name));
    const cm = await this.configMaps.get(name)!;
    if (!cm && !optional) throw new ContainerConfigError(`configmap "${name}" not found`);
    return cm;
  }

  async secret(name: string, optional: boolean): Promise<Secret | undefined> {
    if (!this.secrets.has(name)) this.secrets.set(name, getSecret(this.sources.client, this.namespace, name));
    const secret = await this.secrets.get(name)!;
    if (!secret && !optional) throw new ContainerConfigError(`secret "${name}" not found`);
    return secret;
  }

  nodeAllocatable(): Promise<ResourceList> {
    return (this.allocatable ??= nodeAllocatable(this.sources.client, this.sources.nodeName));
  }
}

/** The container's environment in upstream's order (service links first, then envFrom, then env with $(VAR) expansion). */
export async function containerEnv(pod: Pod, container: Container, podIP: string | undefined, sources: EnvSources): Promise<KeyValue[]> {
  try {
    return await buildEnv(pod, container, podIP, sources);
  } catch (e) {
    // Any failure (a missing object, a bad fieldPath, the API unreachable) keeps the container
    // waiting with CreateContainerConfigError, as upstream's generateContainerConfig does.
    if (e instanceof ContainerConfigError) throw e;
    throw new ContainerConfigError((e as Error)?.message ?? String(e));
  }
}

async function buildEnv(pod: Pod, container: Container, podIP: string | undefined, sources: EnvSources): Promise<KeyValue[]> {
  const namespace = pod.metadata?.namespace ?? '';
  const services = serviceEnv(visibleServices(sources.services(), namespace, pod.spec?.enableServiceLinks ?? true));
  const lookups = new Lookups(pod, sources);
  const declared = new Map<string, string>();
  // A name set again moves to where it was set last, so env follows envFrom follows services.
  const set = (name: string, value: string) => {
    declared.delete(name);
    declared.set(name, value);
  };

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.name) continue;
    const optional = (ref as { optional?: boolean }).optional === true;
    const source = from.configMapRef ? await lookups.configMap(ref.name, optional) : await lookups.secret(ref.name, optional);
    if (!source) continue;
    // Every key is taken: the API server only allows keys that are valid (relaxed, since 1.32) variable names.
    const entries = from.configMapRef ? Object.entries((source as ConfigMap).data ?? {}) : [...secretEntries(source as Secret)].map(([k, v]) => [k, v.toString('utf8')] as const);
    for (const [key, value] of entries) set(prefix + key, value);
  }

  const ips = { podIPs: podIPsOf(pod, podIP), hostIPs: sources.nodeIP ? [sources.nodeIP] : [] };
  const mapping = mappingFor(declared, services);
  for (const v of container.env ?? []) {
    if (!v.name) continue;
    const value = v.value ? expand(v.value, mapping) : await valueFrom(v, pod, container, ips, lookups);
    // undefined: an optional source that is missing leaves the variable out.
    if (value !== undefined) set(v.name, value);
  }

  const env: KeyValue[] = [];
  for (const [name, value] of services) if (!declared.has(name)) env.push({ name, value });
  for (const [name, value] of declared) env.push({ name, value });
  return env;
}

async function valueFrom(v: EnvVar, pod: Pod, container: Container, ips: { podIPs: string[]; hostIPs: string[] }, lookups: Lookups): Promise<string | undefined> {
  const from = v.valueFrom;
  const namespace = pod.metadata?.namespace ?? '';
  if (from?.fieldRef) return podFieldValue(pod, from.fieldRef, ips);
  if (from?.resourceFieldRef) {
    const ref = from.resourceFieldRef;
    const target = ref.containerName ? findContainer(pod, ref.containerName) : container;
    if (!target) throw new ContainerConfigError(`container ${ref.containerName} not found`);
    return resourceFieldValue(ref, target, () => lookups.nodeAllocatable());
  }
  if (from?.configMapKeyRef) {
    const { name = '', key = '', optional = false } = from.configMapKeyRef;
    const cm = await lookups.configMap(name, optional);
    if (!cm) return undefined;
    const value = cm.data?.[key];
    if (value === undefined && !optional) throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
    return value;
  }
  if (from?.secretKeyRef) {
    const { name = '', key = '', optional = false } = from.secretKeyRef;
    const secret = await lookups.secret(name, optional);
    if (!secret) return undefined;
    const value = secretEntries(secret).get(key)?.toString('utf8');
    if (value === undefined && !optional) throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
    return value;
  }
  // Neither a value nor a source: the variable is set, empty.
  return '';
}

