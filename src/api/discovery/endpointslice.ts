// discovery.k8s.io/v1 EndpointSlice.

import { isIPv4, isIPv6 } from 'node:net';
import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../validation/names.js';
import { isValidPortName } from '../validation/values.js';
import { invalidEach } from '../validation/errors.js';
import { immutable, oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

interface EndpointPort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: { addresses?: string[]; hostname?: string; nodeName?: string; conditions?: Record<string, boolean> }[];
  ports?: EndpointPort[];
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;

function validateAddress(type: string | undefined, address: string, path: string): FieldError[] {
  if (type === 'IPv4') return isIPv4(address) ? [] : [fieldInvalid(path, address, 'must be a valid IPv4 address')];
  if (type === 'IPv6') return isIPv6(address) ? [] : [fieldInvalid(path, address, 'must be a valid IPv6 address')];
  return invalidEach(path, address, isDNS1123Subdomain(address));
}

function validateSpec(es: EndpointSlice): FieldError[] {
  const errs: FieldError[] = [];
  if (!es.addressType) errs.push(fieldRequired('addressType'));
  else if (!ADDRESS_TYPES.includes(es.addressType)) errs.push(fieldNotSupported('addressType', es.addressType, ADDRESS_TYPES));
  const endpoints = es.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) errs.push({ field: 'endpoints', type: 'FieldValueTooMany', message: `Too many: ${endpoints.length}: must have at most ${MAX_ENDPOINTS} items` });
  endpoints.forEach((ep, i) => {
    const addresses = ep.addresses ?? [];
    const at = `endpoints[${i}]`;
    if (addresses.length === 0) errs.push(fieldRequired(`${at}.addresses`, 'must contain at least 1 address'));
    if (addresses.length > MAX_ADDRESSES) errs.push({ field: `${at}.addresses`, type: 'FieldValueTooMany', message: `Too many: ${addresses.length}: must have at most ${MAX_ADDRESSES} items` });
    addresses.forEach((a, j) => errs.push(...validateAddress(es.addressType, a, `${at}.addresses[${j}]`)));
    if (ep.hostname) errs.push(...invalidEach(`${at}.hostname`, ep.hostname, isDNS1123Label(ep.hostname)));
  });
  (es.ports ?? []).forEach((p, i) => {
    if (p.name) errs.push(...invalidEach(`ports[${i}].name`, p.name, isValidPortName(p.name)));
    errs.push(...oneOf(p.protocol, ['SCTP', 'TCP', 'UDP'], `ports[${i}].protocol`));
  });
  return errs;
}

/** Up to three entries, then how many more; `<unset>` when there are none. */
function listWithMore(items: string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length ? items.join(',') : '<unset>';
}

export const endpointSlices = defineKind<EndpointSlice>({
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  namespaced: true,
  defaults: (es) => {
    for (const p of es.ports ?? []) {
      p.name ??= '';
      p.protocol ||= 'TCP';
    }
  },
  validateSpec,
  validateChange: (es, old) => immutable(es.addressType, old.addressType, 'addressType'),
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', 'Type of address carried by this EndpointSlice'),
    column('Ports', 'string', 'Ports advertised by this EndpointSlice'),
    column('Endpoints', 'string', 'Endpoints in this EndpointSlice'),
    AGE_COLUMN,
  ],
  cells: (es, now) => [
    nameCell(es),
    es.addressType ?? '',
    listWithMore((es.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name || '*'))),
    listWithMore((es.endpoints ?? []).flatMap((ep) => ep.addresses ?? [])),
    ageCell(es, now),
  ],
});
