// core/v1 Event (legacyValidateEvent, registry/core/event/strategy.go, printEvent). The
// events.k8s.io/v1 view of the same objects shares their storage key.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { NAME_COLUMN, column } from '../common/columns.js';
import { age } from '../printers.js';
import { invalidEach } from '../validation/errors.js';
import { isDNS1123Subdomain } from '../validation/names.js';
import { isQualifiedName } from '../validation/values.js';
import { defineCoreKind } from './define-core.js';

export interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count?: number;
  type?: string;
  series?: { count?: number; lastObservedTime?: string };
  action?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

export const events = defineCoreKind<CoreEvent>({
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  shortNames: ['ev'],
  validateSpec: validateEvent,
  selectableFields: (ev) => {
    const o = ev.involvedObject ?? {};
    return {
      'involvedObject.kind': o.kind ?? '',
      'involvedObject.namespace': o.namespace ?? '',
      'involvedObject.name': o.name ?? '',
      'involvedObject.uid': o.uid ?? '',
      'involvedObject.apiVersion': o.apiVersion ?? '',
      'involvedObject.resourceVersion': o.resourceVersion ?? '',
      'involvedObject.fieldPath': o.fieldPath ?? '',
      reason: ev.reason ?? '',
      reportingComponent: ev.reportingComponent ?? '',
      source: ev.source?.component || ev.reportingComponent || '',
      type: ev.type ?? '',
    };
  },
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', true),
    column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', true),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', true),
    column('Count', 'string', 'The number of times this event has occurred.', true),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells(ev, now) {
    const first = age(ev.firstTimestamp || ev.eventTime, now);
    let last = ev.lastTimestamp ? age(ev.lastTimestamp, now) : first;
    // Singleton events of the newer API carry no count.
    let count = ev.count || 1;
    if (ev.series) {
      last = age(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    }
    const o = ev.involvedObject ?? {};
    const target = o.name ? `${(o.kind ?? '').toLowerCase()}/${o.name}` : (o.kind ?? '').toLowerCase();
    return [last, ev.type ?? '', ev.reason ?? '', target, o.fieldPath ?? '', eventSource(ev), (ev.message ?? '').trim(), first, count, ev.metadata?.name ?? ''];
  },
});

/** SOURCE: `component, host`, falling back to the reporting controller and instance. */
function eventSource(ev: CoreEvent): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  if (!component) return '';
  return instance ? `${component}, ${instance}` : component;
}

function validateEvent(ev: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata?.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  const mismatch = fieldInvalid('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  if (!ev.eventTime) {
    // Old-style events: the namespace must match the object's (or be default for cluster objects).
    if (involvedNs ? ns !== involvedNs : ns !== '' && ns !== 'default') errs.push(mismatch);
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch);
    if (!ev.reportingComponent) errs.push(fieldRequired('reportingComponent'));
    errs.push(...invalidEach('reportingComponent', ev.reportingComponent ?? '', isQualifiedName(ev.reportingComponent ?? '')));
    for (const key of ['reportingInstance', 'action', 'reason'] as const) {
      if (!ev[key]) errs.push(fieldRequired(key));
      if ((ev[key] ?? '').length > LIMITS[key]) errs.push(fieldInvalid(key, '', `can have at most ${LIMITS[key]} characters`));
    }
    if ((ev.message ?? '').length > LIMITS.message) errs.push(fieldInvalid('message', '', `can have at most ${LIMITS.message} characters`));
  }
  errs.push(...invalidEach('namespace', ns, isDNS1123Subdomain(ns)));
  return errs;
}
