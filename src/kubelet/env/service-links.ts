// The Docker-links-style variables that tell a container where Services are
// (upstream's pkg/kubelet/envvars and getServiceEnvVarMap): `<NAME>_SERVICE_HOST`,
// `<NAME>_SERVICE_PORT[_<PORTNAME>]`, `<NAME>_PORT`, and per port `<NAME>_PORT_<port>_<PROTO>`
// with `_PROTO`, `_PORT` and `_ADDR`.

import type { Service } from '../../api/core/services.js';

/** The API server's own Service: every pod gets its variables, even with enableServiceLinks off. */
const MASTER_SERVICE = { namespace: 'default', name: 'kubernetes' };

function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None';
}

/** The Services whose variables a pod in `namespace` sees, one per name (the pod's own namespace wins over the master service). */
export function visibleServices(services: readonly Service[], namespace: string, enableServiceLinks: boolean): Service[] {
  const byName = new Map<string, Service>();
  for (const svc of services) {
    if (!isServiceIPSet(svc)) continue;
    const name = svc.metadata?.name ?? '';
    const ns = svc.metadata?.namespace ?? '';
    if (ns === MASTER_SERVICE.namespace && name === MASTER_SERVICE.name) {
      if (!byName.has(name)) byName.set(name, svc);
    } else if (ns === namespace && enableServiceLinks) {
      byName.set(name, svc);
    }
  }
  return [...byName.values()];
}

function envName(s: string): string {
  return s.replaceAll('-', '_').toUpperCase();
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The variables for these Services, in upstream's order. */
export function serviceEnv(services: readonly Service[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const svc of services) {
    const ports = svc.spec?.ports ?? [];
    // A ClusterIP Service always has a port; one without would give nothing to point at.
    if (!isServiceIPSet(svc) || ports.length === 0) continue;
    const ip = svc.spec!.clusterIP!;
    const prefix = envName(svc.metadata?.name ?? '');
    env.set(`${prefix}_SERVICE_HOST`, ip);
    env.set(`${prefix}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports) if (p.name) env.set(`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    ports.forEach((p, i) => {
      const proto = (p.protocol || 'TCP').toLowerCase();
      const url = `${proto}://${hostPort(ip, p.port ?? 0)}`;
      // Docker names the first port's URL without a number.
      if (i === 0) env.set(`${prefix}_PORT`, url);
      const portPrefix = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      env.set(portPrefix, url);
      env.set(`${portPrefix}_PROTO`, proto);
      env.set(`${portPrefix}_PORT`, String(p.port));
      env.set(`${portPrefix}_ADDR`, ip);
    });
  }
  return env;
}
