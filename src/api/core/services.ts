// core/v1 Service (core/v1 defaults, ValidateService, registry/core/service/strategy.go,
// printers.go printService). Cluster IPs and node ports are allocated by the registry.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { validateLabelMap } from '../common/selector.js';
import { invalidEach } from '../validation/errors.js';
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNS1035Label } from '../validation/names.js';
import { isQualifiedName, isValidPortNum, validateIP, validateNonSpecialIP } from '../validation/values.js';
import { oneOfRequired, validatePortNumOrName } from './container-validation.js';
import { coreSubresource, defineCoreKind, formatLabels } from './define-core.js';
import type { IntOrString } from './types.js';

interface ServicePort {
  name?: string;
  protocol?: string;
  port?: number;
  targetPort?: IntOrString;
  nodePort?: number;
  appProtocol?: string;
}

export interface Service extends KubeObject {
  spec?: {
    type?: string;
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
    ipFamilyPolicy?: string;
    ipFamilies?: string[];
    allocateLoadBalancerNodePorts?: boolean;
    [key: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_AFFINITY_SECONDS = 86400;
const DEFAULT_AFFINITY_SECONDS = 10800;

export const services = defineCoreKind<Service>({
  kind: 'Service',
  plural: 'services',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  hasStatus: true,
  nameValidator: nameIsDNS1035Label,
  extraSubresources: [coreSubresource('proxy', 'ServiceProxyOptions', ['create', 'delete', 'get', 'patch', 'update'])],
  defaults(svc) {
    const spec = (svc.spec ??= {});
    spec.type ||= 'ClusterIP';
    spec.sessionAffinity ||= 'None';
    if (spec.sessionAffinity === 'ClientIP') {
      const clientIP = ((spec.sessionAffinityConfig ??= {}).clientIP ??= {});
      clientIP.timeoutSeconds ??= DEFAULT_AFFINITY_SECONDS;
    }
    for (const p of spec.ports ?? []) {
      p.protocol ||= 'TCP';
      if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ||= 'Cluster';
    if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
    if (spec.type !== 'ExternalName') {
      spec.internalTrafficPolicy ||= 'Cluster';
      spec.ipFamilyPolicy ||= 'SingleStack';
    }
  },
  validateSpec: validateService,
  validateChange(svc, old) {
    const was = old.spec?.clusterIP;
    const now = svc.spec?.clusterIP;
    const typed = old.spec?.type !== 'ExternalName' && svc.spec?.type !== 'ExternalName';
    return typed && was && now !== was ? [fieldInvalid('spec.clusterIPs[0]', now ?? '', 'may not change once set')] : [];
  },
  prepareForCreate(svc) {
    svc.status = {};
  },
  prepareForUpdate: keepAllocatedValues,
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', true),
  ],
  cells: (svc, now) => [
    nameCell(svc),
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>',
    externalIP(svc),
    portsCell(svc.spec?.ports ?? []),
    ageCell(svc, now),
    formatLabels(svc.spec?.selector),
  ],
});

function validateService(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const headless = spec.clusterIP === 'None';
  if ((spec.ports ?? []).length === 0 && !headless && spec.type !== 'ExternalName') errs.push(fieldRequired('spec.ports'));
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && headless) {
    errs.push(fieldInvalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    if (spec.clusterIP) errs.push(fieldForbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (!cname) errs.push(fieldRequired('spec.externalName'));
    else errs.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
  } else if (spec.clusterIP && !headless) {
    errs.push(...validateIP(spec.clusterIP, 'spec.clusterIPs[0]'));
  }
  const names = new Set<string>();
  const multiple = (spec.ports ?? []).length > 1;
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (multiple && !p.name) errs.push(fieldRequired(`${at}.name`));
    else if (p.name) {
      errs.push(...invalidEach(`${at}.name`, p.name, isDNS1123Label(p.name)));
      if (names.has(p.name)) errs.push(fieldDuplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    errs.push(...invalidEach(`${at}.port`, p.port ?? 0, isValidPortNum(p.port ?? 0)));
    if (!p.protocol) errs.push(fieldRequired(`${at}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldNotSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
    errs.push(...validatePortNumOrName(p.targetPort, `${at}.targetPort`));
    if (p.appProtocol !== undefined) errs.push(...invalidEach(`${at}.appProtocol`, p.appProtocol, isQualifiedName(p.appProtocol)));
    if (spec.type === 'ClusterIP' && p.nodePort) errs.push(fieldForbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    if (p.nodePort) {
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(fieldDuplicate(`${at}.nodePort`, p.nodePort));
      nodePorts.add(key);
    }
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(fieldDuplicate(at, { port: p.port, protocol: p.protocol }));
    seen.add(key);
  });
  errs.push(...validateLabelMap(spec.selector, 'spec.selector'));
  errs.push(...oneOfRequired(spec.sessionAffinity, ['ClientIP', 'None'], 'spec.sessionAffinity'));
  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t === undefined) errs.push(fieldRequired('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'when session affinity type is ClientIP'));
    else if (t <= 0 || t > MAX_AFFINITY_SECONDS) errs.push(fieldInvalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`));
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(fieldForbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const ipErrs = validateIP(ip, `spec.externalIPs[${i}]`);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, `spec.externalIPs[${i}]`)));
  });
  errs.push(...oneOfRequired(spec.type, TYPES, 'spec.type'));
  errs.push(...validateTrafficPolicies(spec));
  return errs;
}

function validateTrafficPolicies(spec: NonNullable<Service['spec']>): FieldError[] {
  const errs: FieldError[] = [];
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.externalIPs ?? []).length > 0;
  if (!external && spec.externalTrafficPolicy) {
    errs.push(fieldInvalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (external) {
    errs.push(...oneOfRequired(spec.externalTrafficPolicy, ['Cluster', 'Local'], 'spec.externalTrafficPolicy'));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errs.push(fieldForbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type !== 'ExternalName') errs.push(...oneOfRequired(spec.internalTrafficPolicy, ['Cluster', 'Local'], 'spec.internalTrafficPolicy'));
  return errs;
}

/**
 * An update that leaves out what the registry allocated (kubectl apply of the original
 * manifest) keeps it (upstream's patchAllocatedValues): cluster IPs, IP families, node ports.
 */
function keepAllocatedValues(svc: Service, old: Service): void {
  const spec = svc.spec ?? {};
  const prev = old.spec ?? {};
  if (spec.type === 'ExternalName' || prev.type === 'ExternalName') return;
  if (!spec.clusterIP && prev.clusterIP) {
    spec.clusterIP = prev.clusterIP;
    spec.clusterIPs ??= prev.clusterIPs;
    spec.ipFamilies ??= prev.ipFamilies;
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const match = (prev.ports ?? []).find((o) => o.port === p.port && o.protocol === p.protocol);
      if (match?.nodePort) p.nodePort = match.nodePort;
    }
  }
}

/** PORT(S): `80/TCP`, or `80:30080/TCP` with a node port, joined by commas. */
function portsCell(ports: ServicePort[]): string {
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

/** EXTERNAL-IP by type: external IPs, load-balancer ingress (or `<pending>`), or the external name. */
function externalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const ips = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return ips.length > 0 ? ips.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = [...new Set((svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
      const all = [...ingress, ...ips];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}
