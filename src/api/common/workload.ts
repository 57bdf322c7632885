// What the kinds that run pods from a template share: their template type, the selector and
// template checks of apps' ValidatePodTemplateSpecForReplicaSet (and its daemon and stateful
// twins), and the /scale mapping of kinds with spec.replicas.

import type { KubeObject, ScaleInfo } from '../resource.js';
import type { PodTemplateSpec } from '../core/types.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { validatePodTemplateSpec } from '../core/pod-spec.js';
import { oneOf } from './checks.js';
import type { MetaLabelSelector } from './selector.js';
import { isEmptySelector, selectorMatches, selectorString, validateLabelSelector } from './selector.js';

export type { PodTemplateSpec };

/** The spec shape every templated workload has. */
export interface TemplatedSpec {
  selector?: MetaLabelSelector;
  template?: PodTemplateSpec;
}

export interface TemplateRules {
  /** How the empty-selector message names the kind (`deployment`, `statefulset`…). */
  emptySelectorNoun: string;
  /** How the activeDeadlineSeconds message names the kind (`ReplicaSet`, `DaemonSet`…). */
  deadlineNoun: string;
}

/** Selector present, valid and non-empty; template matching it, valid, and restarting Always. */
export function validateTemplatedSpec(spec: TemplatedSpec | undefined, path: string, rules: TemplateRules): FieldError[] {
  const errs: FieldError[] = [];
  const selector = spec?.selector;
  if (!selector) errs.push(fieldRequired(`${path}.selector`));
  else {
    errs.push(...validateLabelSelector(selector, `${path}.selector`));
    if (isEmptySelector(selector)) errs.push(fieldInvalid(`${path}.selector`, selector, `empty selector is invalid for ${rules.emptySelectorNoun}`));
  }
  const template = spec?.template;
  if (!template) return [...errs, fieldRequired(`${path}.template`)];
  errs.push(...validateTemplateMatches(selector, template, `${path}.template`));
  errs.push(...validatePodTemplateSpec(template, `${path}.template`));
  errs.push(...oneOf(template.spec?.restartPolicy, ['Always'], `${path}.template.spec.restartPolicy`));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(fieldForbidden(`${path}.template.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${rules.deadlineNoun} is not Supported`));
  }
  return errs;
}

/** A non-empty selector must select the pods its own template makes. */
export function validateTemplateMatches(selector: MetaLabelSelector | undefined, template: PodTemplateSpec, path: string): FieldError[] {
  if (!selector || isEmptySelector(selector) || selectorMatches(selector, template.metadata?.labels)) return [];
  return [fieldInvalid(`${path}.metadata.labels`, template.metadata?.labels ?? null, '`selector` does not match template `labels`')];
}

interface Replicated extends KubeObject {
  spec?: { replicas?: number; selector?: MetaLabelSelector };
  status?: { replicas?: number };
}

/** /scale for kinds with spec.replicas, status.replicas and spec.selector. */
export const replicasScale: ScaleInfo = {
  specReplicas: (o) => (o as Replicated).spec?.replicas ?? 1,
  setSpecReplicas: (o, n) => {
    const obj = o as Replicated;
    obj.spec = { ...obj.spec, replicas: n };
  },
  statusReplicas: (o) => (o as Replicated).status?.replicas ?? 0,
  selector: (o) => selectorString((o as Replicated).spec?.selector),
};
