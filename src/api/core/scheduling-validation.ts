// Validation of the parts of a pod spec the scheduler reads: tolerations and affinity
// (ValidateTolerations, validateAffinity and their helpers), with upstream's messages.

import { validateLabelKey, validateLabelValue } from '../../machinery/labels.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { invalidEach } from '../validation/errors.js';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../validation/names.js';
import { operatorValueErrors, validateLabelSelector } from '../common/selector.js';
import type { NodeSelectorTerm, PodAffinityRules, PodAffinityTerm, PodSpec, Toleration } from './types.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTolerations(tolerations: Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (t.key) errs.push(...invalidEach(`${at}.key`, t.key, validateLabelKey(t.key)));
    if (!t.key && t.operator !== 'Exists') {
      errs.push(fieldInvalid(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(fieldInvalid(`${at}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = validateLabelValue(t.value ?? '');
        if (msgs.length > 0) errs.push(fieldInvalid(`${at}.operator`, t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value) errs.push(fieldInvalid(`${at}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fieldNotSupported(`${at}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(fieldNotSupported(`${at}.effect`, t.effect, TAINT_EFFECTS));
  });
  return errs;
}

export function validateAffinity(affinity: PodSpec['affinity'], path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (na?.requiredDuringSchedulingIgnoredDuringExecution) {
    const at = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms ?? [];
    if (terms.length === 0) errs.push(fieldRequired(at, 'must have at least one node selector term'));
    terms.forEach((term, i) => errs.push(...validateNodeSelectorTerm(term, `${at}[${i}]`, false)));
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p, i) => {
    const at = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    errs.push(...validateWeight(p.weight, `${at}.weight`));
    // Preferences may name label values that exist nowhere yet, so values are not checked.
    errs.push(...validateNodeSelectorTerm(p.preference ?? {}, `${at}.preference`, true));
  });
  errs.push(...validatePodAffinityRules(affinity.podAffinity, `${path}.podAffinity`));
  errs.push(...validatePodAffinityRules(affinity.podAntiAffinity, `${path}.podAntiAffinity`));
  return errs;
}

function validateWeight(weight: number | undefined, path: string): FieldError[] {
  return weight === undefined || weight <= 0 || weight > 100 ? [fieldInvalid(path, weight ?? 0, 'must be in the range 1-100')] : [];
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, path: string, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((rq, j) => {
    const at = `${path}.matchExpressions[${j}]`;
    const values = rq.values ?? [];
    const gtLt = (op: string) => (op === 'Gt' || op === 'Lt' ? (values.length !== 1 ? [fieldRequired(`${at}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'")] : []) : undefined);
    errs.push(...operatorValueErrors(rq.operator, values, at, gtLt));
    errs.push(...invalidEach(`${at}.key`, rq.key ?? '', validateLabelKey(rq.key ?? '')));
    if (!allowInvalidValues) values.forEach((v, k) => errs.push(...invalidEach(`${at}.values[${k}]`, v, validateLabelValue(v))));
  });
  (term.matchFields ?? []).forEach((rq, j) => {
    const at = `${path}.matchFields[${j}]`;
    if (rq.operator !== 'In' && rq.operator !== 'NotIn') errs.push(fieldInvalid(`${at}.operator`, rq.operator ?? '', 'not a valid selector operator'));
    else if ((rq.values ?? []).length !== 1) errs.push(fieldRequired(`${at}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    if (rq.key !== 'metadata.name') errs.push(fieldInvalid(`${at}.key`, rq.key ?? '', 'not a valid field selector key'));
    else (rq.values ?? []).forEach((v, k) => errs.push(...invalidEach(`${at}.values[${k}]`, v, nameIsDNSSubdomain(v, false))));
  });
  return errs;
}

function validatePodAffinityRules(rules: PodAffinityRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  (rules.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
    errs.push(...validatePodAffinityTerm(t, `${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)),
  );
  (rules.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
    const at = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    errs.push(...validateWeight(w.weight, `${at}.weight`), ...validatePodAffinityTerm(w.podAffinityTerm ?? {}, `${at}.podAffinityTerm`));
  });
  return errs;
}

function validatePodAffinityTerm(term: PodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, `${path}.labelSelector`));
  errs.push(...validateLabelSelector(term.namespaceSelector, `${path}.namespaceSelector`));
  for (const ns of term.namespaces ?? []) errs.push(...invalidEach(`${path}.namespace`, ns, nameIsDNSLabel(ns, false)));
  if (!term.topologyKey) errs.push(fieldRequired(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...invalidEach(`${path}.topologyKey`, term.topologyKey ?? '', validateLabelKey(term.topologyKey ?? '')));
  return errs;
}
