// networking.k8s.io/v1 IngressClass.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong } from '../../machinery/status.js';
import { immutable, oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

export interface IngressClass extends KubeObject {
  spec?: {
    controller?: string;
    parameters?: { apiGroup?: string; kind?: string; name?: string; scope?: string; namespace?: string };
  };
}

const MAX_CONTROLLER_LENGTH = 250;

function validateSpec(ic: IngressClass): FieldError[] {
  const { controller, parameters } = ic.spec ?? {};
  const errs: FieldError[] = [];
  if (!controller) errs.push(fieldRequired('spec.controller'));
  else {
    if (controller.length > MAX_CONTROLLER_LENGTH) errs.push(fieldTooLong('spec.controller', controller, MAX_CONTROLLER_LENGTH));
    if (!/^[^/]+\/.+$/.test(controller)) errs.push(fieldInvalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  }
  if (!parameters) return errs;
  if (!parameters.kind) errs.push(fieldRequired('spec.parameters.kind'));
  if (!parameters.name) errs.push(fieldRequired('spec.parameters.name'));
  errs.push(...oneOf(parameters.scope, ['Cluster', 'Namespace'], 'spec.parameters.scope'));
  if (parameters.scope === 'Namespace' && !parameters.namespace) errs.push(fieldRequired('spec.parameters.namespace', "`parameters.scope` is set to 'Namespace'"));
  if (parameters.scope === 'Cluster' && parameters.namespace) errs.push(fieldForbidden('spec.parameters.namespace', "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

/** `<kind>[.<apiGroup>]/<name>` of the parameters object. */
function parametersCell(ic: IngressClass): string {
  const p = ic.spec?.parameters;
  if (!p) return '<none>';
  return `${p.kind ?? ''}${p.apiGroup ? '.' + p.apiGroup : ''}/${p.name ?? ''}`;
}

export const ingressClasses = defineKind<IngressClass>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  namespaced: false,
  defaults: (ic) => {
    const p = ic.spec?.parameters;
    if (p) p.scope ||= 'Cluster';
  },
  validateSpec,
  validateChange: (ic, old) => immutable(ic.spec?.controller, old.spec?.controller, 'spec.controller'),
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells: (ic, now) => [nameCell(ic), ic.spec?.controller ?? '', parametersCell(ic), ageCell(ic, now)],
});
