// Discovery documents (compat reference §1): aggregated v2 for /api and /apis when the
// client asks for it (with the exact Content-Type client-go keys its decoder on), and the
// legacy APIVersions / APIGroupList / APIGroup / APIResourceList documents otherwise.

import type { ResourceType } from '../api/resource.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((o) => /as=APIGroupDiscoveryList/.test(o) && /v=v2(;|$)/.test(o.replace(/\s/g, '')));
}

/** Kubernetes version order: GA before beta before alpha, higher numbers first. */
function versionRank(v: string): [number, number, number] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return [0, 0, 0];
  const level = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
  return [level, Number(m[1]), Number(m[3] ?? 0)];
}

function compareVersions(a: string, b: string): number {
  const ra = versionRank(a);
  const rb = versionRank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return 0;
}

export class Discovery {
  /** group → version → resources, groups in registration order, versions in preference order. */
  private readonly groups = new Map<string, Map<string, ResourceType[]>>();

  constructor(resources: ResourceType[]) {
    for (const rt of resources) {
      let versions = this.groups.get(rt.group);
      if (!versions) this.groups.set(rt.group, (versions = new Map()));
      let list = versions.get(rt.version);
      if (!list) versions.set(rt.version, (list = []));
      list.push(rt);
    }
    for (const [g, versions] of this.groups) {
      this.groups.set(g, new Map([...versions].sort((a, b) => compareVersions(a[0], b[0]))));
    }
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  hasVersion(group: string, version: string): boolean {
    return this.groups.get(group)?.has(version) ?? false;
  }

  private nonCoreGroups(): [string, Map<string, ResourceType[]>][] {
    return [...this.groups].filter(([g]) => g !== '');
  }

  aggregated(prefix: 'api' | 'apis'): Record<string, unknown> {
    const groups = prefix === 'api' ? [...this.groups].filter(([g]) => g === '') : this.nonCoreGroups();
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: groups.map(([group, versions]) => ({
        metadata: { name: group },
        versions: [...versions].map(([version, rts]) => ({
          version,
          resources: rts.map((rt) => ({
            resource: rt.plural,
            responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
            scope: rt.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: rt.singular,
            verbs: rt.verbs,
            ...(rt.shortNames.length ? { shortNames: rt.shortNames } : {}),
            ...(rt.categories.length ? { categories: rt.categories } : {}),
            ...(rt.subresources.length
              ? { subresources: rt.subresources.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs })) }
              : {}),
          })),
          freshness: 'Current',
        })),
      })),
    };
  }

  apiVersions(serverAddress: string): Record<string, unknown> {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }

  private apiGroup(group: string, versions: Map<string, ResourceType[]>): Record<string, unknown> {
    const list = [...versions.keys()].map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
    return { name: group, versions: list, preferredVersion: list[0] };
  }

  groupList(): Record<string, unknown> {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.nonCoreGroups().map(([g, v]) => this.apiGroup(g, v)) };
  }

  group(group: string): Record<string, unknown> | undefined {
    const versions = this.groups.get(group);
    return versions && group !== '' ? { kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroup(group, versions) } : undefined;
  }

  resourceList(group: string, version: string): Record<string, unknown> | undefined {
    const rts = this.groups.get(group)?.get(version);
    if (!rts) return undefined;
    const resources: Record<string, unknown>[] = [];
    for (const rt of rts) {
      resources.push({
        name: rt.plural,
        singularName: rt.singular,
        namespaced: rt.namespaced,
        kind: rt.kind,
        verbs: rt.verbs,
        ...(rt.shortNames.length ? { shortNames: rt.shortNames } : {}),
        ...(rt.categories.length ? { categories: rt.categories } : {}),
      });
      for (const s of rt.subresources) {
        resources.push({
          name: `${rt.plural}/${s.name}`,
          singularName: '',
          namespaced: rt.namespaced,
          ...(s.kind.group !== rt.group || s.kind.version !== rt.version ? { group: s.kind.group, version: s.kind.version } : {}),
          kind: s.kind.kind,
          verbs: s.verbs,
        });
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }
}
