// batch/v1 CronJob.

import type { KubeObject, ObjectMeta } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { selectorToString } from '../../machinery/labels.js';
import { defaultPodTemplateSpec } from '../core/pod-spec.js';
import { age, orNone } from '../printers.js';
import { nonNegative, oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, TEMPLATE_COLUMNS, ageCell, column, nameCell, selectorColumn, templateCells } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import { scheduleError } from './cron-schedule.js';
import type { JobSpec } from './job.js';
import { validateJobSpecFields } from './job.js';

export interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: { metadata?: ObjectMeta; spec?: JobSpec };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

/** Job names are `<cronjob>-<11 characters>` and must stay DNS-1035 labels of ≤ 63. */
const MAX_NAME_LENGTH = 52;

function defaults(cj: CronJob): void {
  const spec = (cj.spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultPodTemplateSpec(spec.jobTemplate?.spec?.template);
}

function validateSchedule(schedule: string | undefined, timeZone: string | undefined, path: string): FieldError[] {
  if (!schedule) return [fieldRequired(path)];
  const errs: FieldError[] = [];
  const parseError = scheduleError(schedule);
  if (parseError) errs.push(fieldInvalid(path, schedule, parseError));
  if (schedule.includes('TZ')) {
    const detail = timeZone !== undefined ? 'cannot use both timeZone field and TZ or CRON_TZ in schedule' : 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
    errs.push(fieldInvalid(path, schedule, detail));
  }
  return errs;
}

function validateTimeZone(timeZone: string | undefined, path: string): FieldError[] {
  if (timeZone === undefined) return [];
  if (timeZone === '') return [fieldInvalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  if (timeZone.toLowerCase() === 'local') return [fieldInvalid(path, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return [];
  } catch {
    return [fieldInvalid(path, timeZone, `unknown time zone ${timeZone}`)];
  }
}

/** The job template: a job spec whose selector the controller generates, so the user may not. */
function validateJobTemplate(template: NonNullable<CronJob['spec']>['jobTemplate'], path: string): FieldError[] {
  const spec = template?.spec ?? {};
  const errs = validateJobSpecFields(spec, `${path}.spec`);
  if (spec.selector) errs.push(fieldInvalid(`${path}.spec.selector`, spec.selector, '`selector` will be auto-generated'));
  if (spec.manualSelector) errs.push(fieldNotSupported(`${path}.spec.manualSelector`, spec.manualSelector, ['nil', 'false']));
  return errs;
}

function validateSpec(cj: CronJob): FieldError[] {
  const spec = cj.spec ?? {};
  const policy = spec.concurrencyPolicy;
  const errs = [
    ...validateSchedule(spec.schedule, spec.timeZone, 'spec.schedule'),
    ...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'),
    ...(policy ? oneOf(policy, ['Allow', 'Forbid', 'Replace'], 'spec.concurrencyPolicy') : [fieldRequired('spec.concurrencyPolicy')]),
    ...validateJobTemplate(spec.jobTemplate, 'spec.jobTemplate'),
    ...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'),
    ...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'),
    ...validateTimeZone(spec.timeZone, 'spec.timeZone'),
  ];
  const name = cj.metadata?.name ?? '';
  if (name.length > MAX_NAME_LENGTH) errs.push(fieldInvalid('metadata.name', name, `must be no more than ${MAX_NAME_LENGTH} characters`));
  return errs;
}

/** printBoolPtr: `True`/`False`, `<unset>` when absent. */
function boolCell(v: boolean | undefined): string {
  return v === undefined ? '<unset>' : v ? 'True' : 'False';
}

export const cronJobs = defineKind<CronJob>({
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  hasStatus: true,
  tracksGeneration: true,
  defaults,
  validateSpec,
  prepareForCreate: (cj) => {
    cj.status = {};
  },
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones'),
    column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    ...TEMPLATE_COLUMNS,
    selectorColumn('A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
  ],
  cells: (cj, now) => {
    const last = cj.status?.lastScheduleTime;
    const job = cj.spec?.jobTemplate?.spec;
    return [
      nameCell(cj),
      cj.spec?.schedule ?? '',
      orNone(cj.spec?.timeZone),
      boolCell(cj.spec?.suspend),
      cj.status?.active?.length ?? 0,
      last ? age(last, now) : '<none>',
      ageCell(cj, now),
      ...templateCells(job?.template?.spec),
      selectorToString(job?.selector),
    ];
  },
});
