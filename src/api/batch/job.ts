// batch/v1 Job: defaults, the selector upstream generates from the job's uid, validation of
// the job spec (shared with CronJob's job template) and the STATUS/COMPLETIONS/DURATION cells.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from '../core/pod-spec.js';
import { humanDuration } from '../printers.js';
import { immutable, nonNegative, oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, selectorColumn, templateCells } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import { selectorString, validateLabelSelector } from '../common/selector.js';
import type { TemplatedSpec } from '../common/workload.js';
import { validateTemplateMatches } from '../common/workload.js';

export interface JobSpec extends TemplatedSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  ttlSecondsAfterFinished?: number;
  completionMode?: string;
  suspend?: boolean;
  manualSelector?: boolean;
  podReplacementPolicy?: string;
  podFailurePolicy?: { rules?: { onPodConditions?: { status?: string }[] }[] };
}

export interface Job extends KubeObject {
  spec?: JobSpec;
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type?: string; status?: string }[];
  };
}

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
/** The unprefixed labels older clients and tools still select pods by. */
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';
const MAX_INT32 = 2147483647;

/** batch/v1's SetDefaults_Job for the spec. */
function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  // With a per-index limit the global one must never be what stops the job.
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const cond of rule.onPodConditions ?? []) cond.status ??= 'True';
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplateSpec(spec.template);
}

function defaults(job: Job): void {
  const spec = (job.spec ??= {});
  defaultJobSpec(spec);
  // A job without labels of its own takes its pods' labels.
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata?.labels ?? {}).length === 0) (job.metadata ??= {}).labels = { ...templateLabels };
}

/** Upstream's generateSelector: pods carry the job's uid and name; the selector picks the uid. */
function generateSelector(job: Job): void {
  const spec = (job.spec ??= {});
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  // Labels the user set win; validation then reports a uid that does not match.
  meta.labels = { [LEGACY_JOB_NAME]: name, [JOB_NAME]: name, [LEGACY_CONTROLLER_UID]: uid, [CONTROLLER_UID]: uid, ...meta.labels };
  const selector = (spec.selector ??= {});
  selector.matchLabels = { [CONTROLLER_UID]: uid, ...selector.matchLabels };
}

/** The checks shared with a CronJob's job template (upstream's unexported validateJobSpec). */
export function validateJobSpecFields(spec: JobSpec, path: string): FieldError[] {
  const errs = [
    ...nonNegative(spec.parallelism, `${path}.parallelism`),
    ...nonNegative(spec.completions, `${path}.completions`),
    ...nonNegative(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`),
    ...nonNegative(spec.backoffLimit, `${path}.backoffLimit`),
    ...nonNegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`),
    ...oneOf(spec.completionMode, ['NonIndexed', 'Indexed'], `${path}.completionMode`),
    ...oneOf(spec.podReplacementPolicy, ['TerminatingOrFailed', 'Failed'], `${path}.podReplacementPolicy`),
  ];
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) errs.push(fieldRequired(`${path}.completions`, 'when completion mode is Indexed'));
  if (!spec.template) return [...errs, fieldRequired(`${path}.template`)];
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  errs.push(...oneOf(spec.template.spec?.restartPolicy ?? '', ['OnFailure', 'Never'], `${path}.template.spec.restartPolicy`));
  return errs;
}

/** Without manualSelector, the selector and pod labels must be the ones generated from the uid. */
function validateGeneratedSelector(job: Job): FieldError[] {
  if (job.spec?.manualSelector) return [];
  const uid = job.metadata?.uid ?? '';
  const labels = job.spec?.template?.metadata?.labels;
  const errs: FieldError[] = [];
  if (labels?.[CONTROLLER_UID] !== uid) errs.push(fieldInvalid('spec.template.metadata.labels', labels ?? null, '`selector` not auto-generated'));
  const selector = job.spec?.selector;
  if (selector && selector.matchLabels?.[CONTROLLER_UID] !== uid) errs.push(fieldInvalid('spec.selector', selector, '`selector` not auto-generated'));
  return errs;
}

function validateSpec(job: Job): FieldError[] {
  const spec = job.spec ?? {};
  const errs = [...validateGeneratedSelector(job), ...validateJobSpecFields(spec, 'spec')];
  if (!spec.selector) errs.push(fieldRequired('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (spec.template) errs.push(...validateTemplateMatches(spec.selector, spec.template, 'spec.template'));
  return errs;
}

function validateChange(job: Job, old: Job): FieldError[] {
  const spec = job.spec ?? {};
  const was = old.spec ?? {};
  return [
    ...immutable(spec.selector, was.selector, 'spec.selector'),
    ...immutable(spec.completionMode, was.completionMode, 'spec.completionMode'),
    ...immutable(spec.podFailurePolicy, was.podFailurePolicy, 'spec.podFailurePolicy'),
    // Indexed jobs may be scaled by changing completions with parallelism (elastic indexed jobs).
    ...(spec.completionMode === 'Indexed' ? [] : immutable(spec.completions, was.completions, 'spec.completions')),
    // A suspended job's pod template may still be adjusted before it starts.
    ...(was.suspend ? [] : immutable(spec.template, was.template, 'spec.template')),
  ];
}

/** The STATUS cell: the first condition that holds, in upstream's order of precedence. */
function statusCell(job: Job): string {
  const holds = (type: string) => (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
  if (holds('Complete')) return 'Complete';
  if (holds('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  for (const type of ['Suspended', 'FailureTarget', 'SuccessCriteriaMet']) if (holds(type)) return type;
  return 'Running';
}

function completionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function durationCell(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export const jobs = defineKind<Job>({
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  namespaced: true,
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  defaults,
  validateSpec,
  validateChange,
  // The registry has set metadata.uid by now, which the generated selector is made of.
  prepareForCreate: (job) => {
    job.status = {};
    if (!job.spec?.manualSelector) generateSelector(job);
  },
  selectableFields: (job) => ({ 'status.successful': String(job.status?.succeeded ?? 0) }),
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job execution'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    ...TEMPLATE_COLUMNS,
    selectorColumn('A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
  ],
  cells: (job, now) => [
    nameCell(job),
    statusCell(job),
    completionsCell(job),
    durationCell(job, now),
    ageCell(job, now),
    ...templateCells(job.spec?.template?.spec),
    selectorString(job.spec?.selector),
  ],
});
