// The resolv.conf a pod gets, by dnsPolicy (pkg/kubelet/network/dns): ClusterFirst points at
// the cluster DNS with the namespace's search path and ndots:5, Default copies the host's,
// None takes only spec.dnsConfig; dnsConfig is merged into the others.

import { readFileSync } from 'node:fs';
import type { Pod } from '../api/core/types.js';
import type { DnsConfig } from './runtime/types.js';

export interface ClusterDNS {
  clusterDNS?: string;
  clusterDomain: string;
  /** The host's resolver configuration (default: /etc/resolv.conf). */
  hostResolvConf?: string;
}

/** Upstream's limits on what a pod's resolv.conf may carry. */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

export function parseResolvConf(text: string): DnsConfig {
  const out: DnsConfig = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const [key, ...values] = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (key === 'nameserver' && values[0]) out.servers.push(values[0]);
    else if (key === 'search' || key === 'domain') out.searches = values;
    else if (key === 'options') out.options.push(...values);
  }
  return out;
}

function hostDNS(o: ClusterDNS): DnsConfig {
  let text = '';
  try {
    text = readFileSync(o.hostResolvConf ?? '/etc/resolv.conf', 'utf8');
  } catch {
    // A host without resolv.conf gives pods none either.
  }
  return parseResolvConf(text);
}

/** Options merge by name: a later `ndots:2` replaces an earlier `ndots:5`. */
function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const byName = new Map(base.map((o) => [o.split(':')[0], o] as const));
  for (const e of extra) if (e.name) byName.set(e.name, e.value !== undefined ? `${e.name}:${e.value}` : e.name);
  return [...byName.values()];
}

const unique = (xs: string[]) => [...new Set(xs)];

export function podDNSConfig(pod: Pod, o: ClusterDNS): DnsConfig {
  const spec = pod.spec ?? {};
  let policy = spec.dnsPolicy ?? 'ClusterFirst';
  // Host-network pods use the host's resolver unless they ask for the cluster's explicitly.
  if (policy === 'ClusterFirst' && spec.hostNetwork) policy = 'Default';
  if ((policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') && !o.clusterDNS) policy = 'Default';
  let base: DnsConfig;
  if (policy === 'None') base = { servers: [], searches: [], options: [] };
  else if (policy === 'Default') base = hostDNS(o);
  else {
    const ns = pod.metadata?.namespace ?? 'default';
    const d = o.clusterDomain;
    base = { servers: [o.clusterDNS!], searches: [`${ns}.svc.${d}`, `svc.${d}`, d, ...hostDNS(o).searches], options: ['ndots:5'] };
  }
  const extra = (spec.dnsConfig ?? {}) as { nameservers?: string[]; searches?: string[]; options?: { name?: string; value?: string }[] };
  return {
    servers: unique([...base.servers, ...(extra.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
    searches: unique([...base.searches, ...(extra.searches ?? [])]).slice(0, MAX_SEARCHES),
    options: mergeOptions(base.options, extra.options ?? []),
  };
}
