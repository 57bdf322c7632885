import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronJobs, jobs } from '../../../src/api/batch/index.js';
import { scheduleError } from '../../../src/api/batch/cron-schedule.js';
import type { KubeObject } from '../../../src/api/resource.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

function job(restartPolicy = 'Never'): KubeObject {
  return {
    metadata: { name: 'pi', namespace: 'default', uid: 'u-1', creationTimestamp: '2024-05-01T11:58:00Z' },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'pi', image: 'perl' }] } } },
  };
}

test('job defaults and generated selector', () => {
  const j = job();
  jobs.defaults!(j);
  jobs.prepareForCreate!(j);
  const spec = j.spec as Record<string, unknown>;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.manualSelector, false);
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
  assert.deepEqual((spec.template as { metadata: { labels: unknown } }).metadata.labels, {
    'batch.kubernetes.io/controller-uid': 'u-1',
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': 'u-1',
    'job-name': 'pi',
  });
  assert.deepEqual(jobs.validate!(j), []);
});

test('job restartPolicy must be OnFailure or Never', () => {
  const j = job('');
  jobs.defaults!(j);
  jobs.prepareForCreate!(j);
  assert.deepEqual(messages(jobs.validate!(j)), ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
});

test('job table cells', () => {
  const j = job();
  jobs.defaults!(j);
  jobs.prepareForCreate!(j);
  j.status = { succeeded: 1, startTime: '2024-05-01T11:58:00Z', completionTime: '2024-05-01T11:58:07Z', conditions: [{ type: 'Complete', status: 'True' }] };
  assert.deepEqual(jobs.columns.map((c) => c.name), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(jobs.cells(j, NOW), ['pi', 'Complete', '1/1', '7s', '2m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=u-1']);
  j.status = { startTime: '2024-05-01T11:59:00Z' };
  (j.spec as Record<string, unknown>).completions = undefined;
  (j.spec as Record<string, unknown>).parallelism = 3;
  assert.deepEqual(jobs.cells(j, NOW).slice(1, 4), ['Running', '0/1 of 3', '60s']);
  assert.deepEqual(jobs.selectableFields!(j), { 'status.successful': '0' });
});

test('cronjob defaults, validation and cells', () => {
  const cj: KubeObject = {
    metadata: { name: 'hello', namespace: 'default', creationTimestamp: '2024-05-01T10:00:00Z' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hi', image: 'busybox' }] } } } } },
  };
  cronJobs.defaults!(cj);
  const spec = cj.spec as Record<string, unknown>;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.suspend, false);
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  assert.deepEqual(cronJobs.validate!(cj), []);
  assert.deepEqual(cronJobs.shortNames, ['cj']);
  cj.status = { active: [{}], lastScheduleTime: '2024-05-01T11:55:00Z' };
  assert.deepEqual(cronJobs.cells(cj, NOW), ['hello', '*/5 * * * *', '<none>', 'False', 1, '5m', '120m', 'hi', 'busybox', '<none>']);
  spec.schedule = 'every minute';
  assert.deepEqual(messages(cronJobs.validate!(cj)), ['spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]']);
});

test('cron schedules as robfig/cron parses them', () => {
  assert.equal(scheduleError('@hourly'), undefined);
  assert.equal(scheduleError('0 0 * jan-mar mon'), undefined);
  assert.equal(scheduleError('@every 1h30m'), undefined);
  assert.equal(scheduleError('@often'), 'unrecognized descriptor: @often');
  assert.equal(scheduleError('61 * * * *'), 'end of range (61) above maximum (59): 61');
  assert.equal(scheduleError('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
});
