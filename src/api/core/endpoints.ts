// core/v1 Endpoints (ValidateEndpoints, printEndpoints). Written by the endpoints
// controller for each service; read by the proxy and DNS.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { invalidEach } from '../validation/errors.js';
import { isDNS1123Label, nameIsDNSSubdomain } from '../validation/names.js';
import { isQualifiedName, isValidPortNum, validateIP, validateNonSpecialIP } from '../validation/values.js';
import { defineCoreKind } from './define-core.js';

interface EndpointAddress {
  ip?: string;
  hostname?: string;
  nodeName?: string;
}

interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
/** The ENDPOINTS cell lists this many addresses, then `+ N more...`. */
const SHOWN = 3;

export const endpoints = defineCoreKind<Endpoints>({
  kind: 'Endpoints',
  plural: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  defaults(ep) {
    for (const s of ep.subsets ?? []) for (const p of s.ports ?? []) p.protocol ||= 'TCP';
  },
  validateSpec: (ep) => (ep.subsets ?? []).flatMap((s, i) => validateSubset(s, `subsets[${i}]`)),
  columns: [NAME_COLUMN, column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
  cells: (ep, now) => [nameCell(ep), formatEndpoints(ep), ageCell(ep, now)],
});

function validateSubset(s: EndpointSubset, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((s.addresses ?? []).length === 0 && (s.notReadyAddresses ?? []).length === 0) {
    errs.push(fieldRequired(path, 'must specify `addresses` or `notReadyAddresses`'));
  }
  for (const key of ['addresses', 'notReadyAddresses'] as const) {
    (s[key] ?? []).forEach((a, i) => errs.push(...validateAddress(a, `${path}.${key}[${i}]`)));
  }
  const ports = s.ports ?? [];
  ports.forEach((p, i) => {
    const at = `${path}.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(fieldRequired(`${at}.name`));
    else if (p.name) errs.push(...invalidEach(`${at}.name`, p.name, isDNS1123Label(p.name)));
    errs.push(...invalidEach(`${at}.port`, p.port ?? 0, isValidPortNum(p.port ?? 0)));
    if (!p.protocol) errs.push(fieldRequired(`${at}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldNotSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
    if (p.appProtocol !== undefined) errs.push(...invalidEach(`${at}.appProtocol`, p.appProtocol, isQualifiedName(p.appProtocol)));
  });
  return errs;
}

function validateAddress(a: EndpointAddress, path: string): FieldError[] {
  const errs = validateIP(a.ip ?? '', `${path}.ip`);
  if (a.hostname) errs.push(...invalidEach(`${path}.hostname`, a.hostname, isDNS1123Label(a.hostname)));
  if (a.nodeName !== undefined) errs.push(...invalidEach(`${path}.nodeName`, a.nodeName, nameIsDNSSubdomain(a.nodeName, false)));
  errs.push(...validateNonSpecialIP(a.ip ?? '', `${path}.ip`));
  return errs;
}

/** `ip:port,…` for ready addresses (just `ip` without ports), at most three, `<none>` when empty. */
function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const s of subsets) {
    const addresses = s.addresses ?? [];
    const ports = s.ports ?? [];
    const pairs = ports.length === 0 ? addresses.map((a) => a.ip ?? '') : ports.flatMap((p) => addresses.map((a) => joinHostPort(a.ip ?? '', p.port ?? 0)));
    count += pairs.length;
    list.push(...pairs.slice(0, Math.max(0, SHOWN - list.length)));
  }
  const shown = list.join(',');
  return count > SHOWN ? `${shown} + ${count - SHOWN} more...` : shown;
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
