// PodSpec and PodTemplateSpec: defaulting and validation shared by pods, pod templates,
// replication controllers and every workload kind (ValidatePodSpec, ValidatePodTemplateSpec).

import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { validateLabelMap } from '../common/selector.js';
import { invalidEach } from '../validation/errors.js';
import { isDNS1123Label, nameIsDNSSubdomain } from '../validation/names.js';
import { validateAnnotations } from '../validation/object-meta.js';
import { inclusiveRangeError, isQualifiedName } from '../validation/values.js';
import { oneOfRequired, validateContainers, validateInitContainers } from './container-validation.js';
import { validateAffinity, validateTolerations } from './scheduling-validation.js';
import type { PodSpec, PodTemplateSpec } from './types.js';
import { validateVolumes } from './volume-validation.js';

export { defaultPodSpec, defaultPodTemplateSpec, defaultPodOnly } from './pod-spec-defaults.js';
export { validatePodSpecUpdate } from './pod-update.js';

const MAX_INT32 = 2147483647;

export interface PodSpecOptions {
  /** True for a Pod itself, whose host ports must equal container ports on the host network. */
  isPod?: boolean;
}

export function validatePodSpec(spec: PodSpec | undefined, path: string, opts: PodSpecOptions = {}): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined) errs.push(fieldRequired(`${path}.terminationGracePeriodSeconds`));
  const grace = s.terminationGracePeriodSeconds;
  const volumes = validateVolumes(s.volumes, `${path}.volumes`);
  errs.push(...volumes.errors);
  errs.push(...validateContainers(s.containers, volumes.names, grace, `${path}.containers`));
  errs.push(...validateInitContainers(s.initContainers, s.containers, volumes.names, grace, `${path}.initContainers`));
  errs.push(...validateHostNetworkPorts(s, path, opts.isPod === true));
  errs.push(...oneOfRequired(s.restartPolicy, ['Always', 'OnFailure', 'Never'], `${path}.restartPolicy`));
  errs.push(...oneOfRequired(s.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], `${path}.dnsPolicy`));
  errs.push(...validateLabelMap(s.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateAffinity(s.affinity, `${path}.affinity`));
  if (s.dnsPolicy === 'None' && !s.dnsConfig) errs.push(fieldRequired(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  (s.readinessGates ?? []).forEach((g, i) => errs.push(...invalidEach(`${path}.readinessGates[${i}].conditionType`, g.conditionType ?? '', isQualifiedName(g.conditionType ?? ''))));
  for (const [field, value] of [['serviceAccountName', s.serviceAccountName], ['nodeName', s.nodeName], ['priorityClassName', s.priorityClassName]] as const) {
    if (value) errs.push(...invalidEach(`${path}.${field}`, value, nameIsDNSSubdomain(value, false)));
  }
  if (s.activeDeadlineSeconds !== undefined && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(fieldInvalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  }
  if (s.hostname) errs.push(...invalidEach(`${path}.hostname`, s.hostname, isDNS1123Label(s.hostname)));
  if (s.subdomain) errs.push(...invalidEach(`${path}.subdomain`, s.subdomain, isDNS1123Label(s.subdomain)));
  errs.push(...validateTolerations(s.tolerations ?? [], `${path}.tolerations`));
  return errs;
}

/** A template's labels, annotations and spec; templates may not carry ephemeral containers. */
export function validatePodTemplateSpec(tpl: PodTemplateSpec | undefined, path: string): FieldError[] {
  const errs = [
    ...validateLabelMap(tpl?.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(tpl?.metadata?.annotations, `${path}.annotations`),
    ...validatePodSpec(tpl?.spec, `${path}.spec`),
  ];
  if ((tpl?.spec?.ephemeralContainers ?? []).length > 0) errs.push(fieldForbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** Pods only, on create and update: images without surrounding spaces (validateContainersOnlyForPod). */
export function validatePodOnly(spec: PodSpec | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers'] as const) {
    (spec?.[key] ?? []).forEach((c, i) => {
      if (c.image && c.image.trim() !== c.image) errs.push(fieldInvalid(`${path}.${key}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

/** Pods on create: ephemeral containers come only through their subresource; gated pods stay unbound. */
export function validatePodCreateOnly(spec: PodSpec | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((spec?.ephemeralContainers ?? []).length > 0) errs.push(fieldForbidden(`${path}.ephemeralContainers`, 'cannot be set on create'));
  if (spec?.nodeName && (spec.schedulingGates ?? []).length > 0) errs.push(fieldForbidden(`${path}.nodeName`, 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

/** On the host network a container port is reachable only as the same host port. */
function validateHostNetworkPorts(spec: PodSpec, path: string, isPod: boolean): FieldError[] {
  if (!spec.hostNetwork) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((c, i) =>
    (c.ports ?? []).forEach((p, j) => {
      const hp = p.hostPort ?? 0;
      // Templates may leave it 0: it is defaulted when the pod is created.
      if ((isPod || hp !== 0) && hp !== p.containerPort) {
        errs.push(fieldInvalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    }),
  );
  return errs;
}
