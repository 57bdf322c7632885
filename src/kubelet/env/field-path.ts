// Values of a pod's fields for the downward API (upstream's fieldpath.ExtractFieldPathAsString
// and the kubelet's podFieldSelectorRuntimeValue): metadata fields for env and volumes, and
// for env also the node, service account and the IPs only the kubelet knows.

import type { Pod } from '../../api/core/types.js';
import { isQualifiedName } from '../../api/validation/values.js';

/** What the kubelet knows about a pod beyond its object: its IPs and its node's. */
export interface RuntimeIPs {
  podIPs: string[];
  hostIPs: string[];
}

/** `metadata.labels['key']` → ['metadata.labels', 'key']. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const inner = fieldPath.slice(0, -2);
  const at = inner.indexOf("['");
  if (at <= 0) return undefined;
  return [inner.slice(0, at), inner.slice(at + 2)];
}

/** Go's %q of a string: how a label or annotation value appears in a whole-map file. */
function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (named[ch]) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `key="value"` lines sorted by key, as the downward API writes labels and annotations. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${goQuote(m![k])}`)
    .join('\n');
}

/** The metadata fields both the env and volume forms of the downward API support. */
export function metadataFieldValue(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const sub = splitSubscript(fieldPath);
  if (sub) {
    const [path, key] = sub;
    if (path !== 'metadata.labels' && path !== 'metadata.annotations') throw new Error(`fieldPath "${fieldPath}" does not support subscript`);
    // Annotation keys are checked case-insensitively, as upstream does.
    const errs = isQualifiedName(path === 'metadata.annotations' ? key.toLowerCase() : key);
    if (errs.length > 0) throw new Error(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
    return (path === 'metadata.labels' ? meta.labels : meta.annotations)?.[key] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

/** An env var's fieldRef value. */
export function podFieldValue(pod: Pod, ref: { apiVersion?: string; fieldPath?: string }, ips: RuntimeIPs): string {
  const fieldPath = ref.fieldPath ?? '';
  if (ref.apiVersion && ref.apiVersion !== 'v1') throw new Error(`unsupported pod version: ${ref.apiVersion}`);
  switch (fieldPath) {
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return ips.hostIPs[0] ?? '';
    case 'status.hostIPs':
      return ips.hostIPs.join(',');
    case 'status.podIP':
      return ips.podIPs[0] ?? '';
    case 'status.podIPs':
      return ips.podIPs.join(',');
  }
  return metadataFieldValue(pod, fieldPath);
}

/** The pod's IPs, the one the runtime just reported first. */
export function podIPsOf(pod: Pod, podIP: string | undefined): string[] {
  const reported = (pod.status?.podIPs ?? []).map((p) => p.ip).filter(Boolean);
  if (!podIP) return reported.length > 0 ? reported : pod.status?.podIP ? [pod.status.podIP] : [];
  return [podIP, ...reported.filter((ip) => ip !== podIP)];
}
