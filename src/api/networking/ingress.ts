// networking.k8s.io/v1 Ingress.

import { isIP } from 'node:net';
import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../validation/names.js';
import { isValidPortName, isValidPortNum } from '../validation/values.js';
import { invalidEach } from '../validation/errors.js';
import { orNone } from '../printers.js';
import { oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

interface Backend {
  service?: { name?: string; port?: { name?: string; number?: number } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}

export interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: Backend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string; backend?: Backend }[] } }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

function validateBackend(b: Backend | undefined, path: string): FieldError[] {
  if (b?.resource && b.service) return [fieldInvalid(path, '', 'cannot set both resource and service backends')];
  if (b?.resource) {
    const errs: FieldError[] = [];
    if (!b.resource.kind) errs.push(fieldRequired(`${path}.resource.kind`));
    if (!b.resource.name) errs.push(fieldRequired(`${path}.resource.name`));
    return errs;
  }
  const service = b?.service;
  if (!service) return [fieldInvalid(path, '', 'resource or service backend is required')];
  const errs = service.name ? invalidEach(`${path}.service.name`, service.name, isDNS1035Label(service.name)) : [fieldRequired(`${path}.service.name`)];
  const { name, number } = service.port ?? {};
  if (name && number) errs.push(fieldInvalid(path, '', 'cannot set both port name & port number'));
  else if (name) errs.push(...invalidEach(`${path}.service.port.name`, name, isValidPortName(name)));
  else if (number) errs.push(...invalidEach(`${path}.service.port.number`, number, isValidPortNum(number)));
  else errs.push(fieldRequired(path, 'port name or number is required'));
  return errs;
}

/** A host is a DNS name, possibly with a leading `*.` wildcard, never an IP. */
function validateHost(host: string, path: string): FieldError[] {
  if (isIP(host)) return [fieldInvalid(path, host, 'must be a DNS name, not an IP address')];
  const wildcard = host.startsWith('*.');
  const errs = isDNS1123Subdomain(wildcard ? host.slice(2) : host);
  if (!wildcard || errs.length === 0) return invalidEach(path, host, errs);
  return [fieldInvalid(path, host, WILDCARD_MESSAGE)];
}

const WILDCARD_MESSAGE =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function validateRules(rules: NonNullable<Ingress['spec']>['rules'], path: string): FieldError[] {
  return (rules ?? []).flatMap((rule, i) => {
    const at = `${path}[${i}]`;
    const errs = rule.host ? validateHost(rule.host, `${at}.host`) : [];
    if (!rule.http) return errs;
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) errs.push(fieldRequired(`${at}.http.paths`));
    paths.forEach((p, j) => {
      const pp = `${at}.http.paths[${j}]`;
      if (!p.pathType) errs.push(fieldRequired(`${pp}.pathType`, 'pathType must be specified'));
      else errs.push(...oneOf(p.pathType, ['Exact', 'ImplementationSpecific', 'Prefix'], `${pp}.pathType`));
      const mustBeAbsolute = p.pathType === 'ImplementationSpecific' ? !!p.path : p.pathType !== undefined;
      if (mustBeAbsolute && !p.path?.startsWith('/')) errs.push(fieldInvalid(`${pp}.path`, p.path ?? '', 'must be an absolute path'));
      errs.push(...validateBackend(p.backend, `${pp}.backend`));
    });
    return errs;
  });
}

function validateSpec(ing: Ingress): FieldError[] {
  const spec = ing.spec ?? {};
  const errs: FieldError[] = [];
  if (!spec.rules?.length && !spec.defaultBackend) errs.push(fieldInvalid('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  errs.push(...validateRules(spec.rules, 'spec.rules'));
  (spec.tls ?? []).forEach((t, i) => (t.hosts ?? []).forEach((h, j) => errs.push(...validateHost(h, `spec.tls[${i}].hosts[${j}]`))));
  if (spec.ingressClassName) errs.push(...invalidEach('spec.ingressClassName', spec.ingressClassName, isDNS1123Subdomain(spec.ingressClassName)));
  return errs;
}

/** upstream's formatHosts: up to three hosts, `*` when no rule names one. */
function hostsCell(ing: Ingress): string {
  const rules = ing.spec?.rules ?? [];
  const hosts = rules.slice(0, 3).flatMap((r) => (r.host ? [r.host] : []));
  if (hosts.length === 0) return '*';
  return rules.length > 3 ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** Load-balancer addresses: IPs, else host names, de-duplicated and sorted. */
function addressCell(ing: Ingress): string {
  const all = (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
  return [...new Set(all)].sort().join(',');
}

export const ingresses = defineKind<Ingress>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  namespaced: true,
  shortNames: ['ing'],
  hasStatus: true,
  tracksGeneration: true,
  validateSpec,
  // loadBalancer is a struct, so a fresh status still shows it empty.
  prepareForCreate: (ing) => {
    ing.status = { loadBalancer: {} };
  },
  columns: [
    NAME_COLUMN,
    column('Class', 'string', 'The name of the IngressClass resource that should be used'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells: (ing, now) => [nameCell(ing), orNone(ing.spec?.ingressClassName), hostsCell(ing), addressCell(ing), ing.spec?.tls?.length ? '80, 443' : '80', ageCell(ing, now)],
});
