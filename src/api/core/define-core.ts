// defineKind for the legacy core group: its group is '' but its schema types are named
// `io.k8s.api.core.v1.*` and its objects are stored under `core/<plural>`. Core kinds also
// carry subresources beyond status and scale (pods/log, nodes/proxy, serviceaccounts/token…).

import type { KubeObject, ResourceType, SubresourceInfo } from '../resource.js';
import type { KindSpec } from '../common/define.js';
import { defineKind } from '../common/define.js';

export interface CoreKindSpec<T extends KubeObject> extends Omit<KindSpec<T>, 'group' | 'version'> {
  /** Discovery verbs when they differ from the standard eight. */
  verbs?: string[];
  /** Subresources besides status and scale, as aggregated discovery lists them. */
  extraSubresources?: SubresourceInfo[];
}

export function defineCoreKind<T extends KubeObject>(spec: CoreKindSpec<T>): ResourceType {
  const { verbs, extraSubresources, ...rest } = spec;
  const rt = defineKind<T>({ ...rest, group: '', version: 'v1', storageResource: `core/${spec.plural}` });
  return {
    ...rt,
    schemaType: `io.k8s.api.core.v1.${spec.kind}`,
    verbs: verbs ?? rt.verbs,
    subresources: [...rt.subresources, ...(extraSubresources ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** A subresource answering with a core/v1 kind. */
export function coreSubresource(name: string, kind: string, verbs: string[]): SubresourceInfo {
  return { name, kind: { group: '', version: 'v1', kind }, verbs };
}

/** `key=value,…` sorted by key, `<none>` when empty (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}
