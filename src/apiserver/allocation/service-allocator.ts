// Cluster IPs and node ports of Services (upstream's service REST allocator): taken when a
// Service is created or changes type, given back when it is deleted or no longer needs them,
// and refused with a 422 naming the field when a requested one is outside the range or taken.
// Each begin* call returns a `finish(ok)` that keeps the new values if the write happened and
// gives them back if it did not, and gives back the old values only once the write happened.

import type { Service } from '../../api/core/services.js';
import { fieldInvalid, invalid, serviceUnavailable, type FieldError } from '../../machinery/status.js';
import { logger } from '../../machinery/log.js';
import type { Store } from '../../storage/index.js';
import { RangeClaims, type Owner } from './claims.js';
import { ipRange, portRange } from './ranges.js';

const log = logger('service-allocator');

export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
export const DEFAULT_NODE_PORT_RANGE: [number, number] = [30000, 32767];

export type Finish = (ok: boolean) => Promise<void>;

const needsClusterIP = (s: Service) => s.spec?.type !== 'ExternalName' && s.spec?.clusterIP !== 'None';
const needsNodePorts = (s: Service) => s.spec?.type === 'NodePort' || (s.spec?.type === 'LoadBalancer' && s.spec.allocateLoadBalancerNodePorts !== false);
const needsHealthCheckPort = (s: Service) => s.spec?.type === 'LoadBalancer' && s.spec.externalTrafficPolicy === 'Local';
const ownerOf = (s: Service): Owner => ({ namespace: s.metadata!.namespace!, name: s.metadata!.name!, uid: s.metadata!.uid! });

/** The node ports a Service holds (its ports' and its health check's). */
function nodePortsOf(s: Service): number[] {
  const ports = (s.spec?.ports ?? []).map((p) => p.nodePort).filter((p): p is number => typeof p === 'number' && p > 0);
  const hc = s.spec?.healthCheckNodePort;
  return typeof hc === 'number' && hc > 0 ? [...ports, hc] : ports;
}

export class ServiceAllocator {
  readonly ips: RangeClaims<string>;
  readonly ports: RangeClaims<number>;

  constructor(store: Store, serviceCIDR = DEFAULT_SERVICE_CIDR, nodePorts = DEFAULT_NODE_PORT_RANGE) {
    this.ips = new RangeClaims(store, '/registry/ranges/serviceips/', ipRange(serviceCIDR));
    this.ports = new RangeClaims(store, '/registry/ranges/servicenodeports/', portRange(nodePorts[0], nodePorts[1]));
  }

  /** The first address of the range: the `kubernetes` Service's. */
  get apiServerIP(): string {
    return this.ips.range.at(0);
  }

  /** Brings the claims in line with the stored Services (after a crash, or from an older version). */
  async repair(services: Service[]): Promise<void> {
    const ips = new Map<string, Owner>();
    const ports = new Map<number, Owner>();
    for (const s of services) {
      const ip = s.spec?.clusterIP;
      if (ip && ip !== 'None' && this.ips.range.indexOf(ip) >= 0) ips.set(ip, ownerOf(s));
      for (const p of nodePortsOf(s)) if (this.ports.range.indexOf(p) >= 0) ports.set(p, ownerOf(s));
    }
    const conflict = (what: string) => (v: unknown, owner: Owner, holder: Owner) =>
      log.error(`${what} held by two Services`, { value: String(v), service: `${owner.namespace}/${owner.name}`, claimedBy: `${holder.namespace}/${holder.name}` });
    await this.ips.repair(ips, conflict('cluster IP'));
    await this.ports.repair(ports, conflict('node port'));
  }

  /** Fills in (or checks and takes) what a new Service needs. */
  async beginCreate(svc: Service, dryRun: boolean): Promise<Finish> {
    return this.take(svc, undefined, dryRun);
  }

  /** What an update adds is taken now; what it drops is given back once it is written. */
  async beginUpdate(svc: Service, old: Service, dryRun: boolean): Promise<Finish> {
    dropTypeDependentFields(svc, old);
    const finishTake = await this.take(svc, old, dryRun);
    const kept = new Set<string | number>([svc.spec?.clusterIP ?? '', ...nodePortsOf(svc)]);
    return async (ok) => {
      await finishTake(ok);
      if (!ok || dryRun) return;
      await this.giveBack(old, kept);
    };
  }

  /** A deleted Service's values go back. */
  async released(svc: Service): Promise<void> {
    await this.giveBack(svc, new Set());
  }

  private async giveBack(svc: Service, keep: Set<string | number>): Promise<void> {
    const ip = svc.spec?.clusterIP;
    if (ip && ip !== 'None' && !keep.has(ip) && this.ips.range.indexOf(ip) >= 0) await this.ips.release(ip);
    for (const p of nodePortsOf(svc)) if (!keep.has(p) && this.ports.range.indexOf(p) >= 0) await this.ports.release(p);
  }

  /** Takes what `svc` needs and `old` (if any) does not already hold. */
  private async take(svc: Service, old: Service | undefined, dryRun: boolean): Promise<Finish> {
    const owner = ownerOf(svc);
    const spec = (svc.spec ??= {});
    const taken: Array<() => Promise<void>> = [];
    const undo = async () => {
      for (const release of taken.reverse()) await release();
    };
    const errors: FieldError[] = [];
    const holds = (v: string | number) => old !== undefined && (old.spec?.clusterIP === v || nodePortsOf(old).includes(v as number));
    try {
      if (needsClusterIP(svc)) {
        const requested = spec.clusterIP || spec.clusterIPs?.[0];
        if (requested && holds(requested)) {
          // Already this Service's.
        } else if (requested) {
          if (this.ips.range.indexOf(requested) < 0) {
            errors.push(fieldInvalid('spec.clusterIPs[0]', requested, `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.ips.range.describe()}`));
          } else if (!dryRun && !(await this.ips.claim(requested, owner))) {
            errors.push(fieldInvalid('spec.clusterIPs[0]', requested, `failed to allocate IP ${requested}: provided IP is already allocated`));
          } else if (!dryRun) {
            taken.push(() => this.ips.release(requested));
          }
        } else {
          const ip = dryRun ? this.ips.range.at(0) : await this.ips.claimAny(owner);
          if (ip === undefined) throw serviceUnavailable('Internal error occurred: failed to allocate a serviceIP: range is full');
          if (!dryRun) taken.push(() => this.ips.release(ip));
          spec.clusterIP = ip;
        }
        if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
      }
      if (spec.type !== 'ExternalName') {
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ||= 'SingleStack';
      }
      const seen = new Set<number>();
      const takePort = async (at: string, requested: number | undefined): Promise<number | undefined> => {
        if (requested && (holds(requested) || seen.has(requested))) return requested;
        if (requested) {
          if (this.ports.range.indexOf(requested) < 0) {
            errors.push(fieldInvalid(at, requested, `provided port is not in the valid range. The range of valid ports is ${this.ports.range.describe()}`));
            return requested;
          }
          if (!dryRun && !(await this.ports.claim(requested, owner))) {
            errors.push(fieldInvalid(at, requested, 'provided port is already allocated'));
            return requested;
          }
          if (!dryRun) taken.push(() => this.ports.release(requested));
          seen.add(requested);
          return requested;
        }
        const port = dryRun ? this.ports.range.at(0) : await this.ports.claimAny(owner);
        if (port === undefined) throw serviceUnavailable('Internal error occurred: failed to allocate a nodePort: range is full');
        if (!dryRun) taken.push(() => this.ports.release(port));
        seen.add(port);
        return port;
      };
      if (needsNodePorts(svc)) {
        // The same port number for TCP and UDP shares one node port, as upstream.
        const byPort = new Map<number, number>();
        for (const [i, p] of (spec.ports ?? []).entries()) {
          const shared = p.port !== undefined ? byPort.get(p.port) : undefined;
          p.nodePort = !p.nodePort && shared ? shared : await takePort(`spec.ports[${i}].nodePort`, p.nodePort);
          if (p.port !== undefined && p.nodePort) byPort.set(p.port, p.nodePort);
        }
      }
      if (needsHealthCheckPort(svc)) {
        spec.healthCheckNodePort = await takePort('spec.healthCheckNodePort', spec.healthCheckNodePort as number | undefined);
      }
      if (errors.length > 0) throw invalid('Service', svc.metadata?.name ?? '', errors);
    } catch (e) {
      await undo();
      throw e;
    }
    return async (ok) => {
      if (!ok) await undo();
    };
  }
}

/**
 * Upstream's dropTypeDependentFields: a Service changing type leaves behind what only its
 * old type needed (cluster IPs for ExternalName, node ports for ClusterIP), unless the
 * request changed those fields itself.
 */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec;
  if (!spec) return;
  if (!needsClusterIP(svc) && spec.clusterIP !== 'None' && spec.clusterIP === old.spec?.clusterIP) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
  }
  if (!needsNodePorts(svc)) {
    for (const p of spec.ports ?? []) {
      const before = old.spec?.ports?.find((o) => o.port === p.port && o.protocol === p.protocol);
      if (p.nodePort && p.nodePort === before?.nodePort) delete p.nodePort;
    }
  }
  if (!needsHealthCheckPort(svc) && spec.healthCheckNodePort === old.spec?.healthCheckNodePort) delete spec.healthCheckNodePort;
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (!external && spec.externalTrafficPolicy === old.spec?.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === old.spec?.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
}
