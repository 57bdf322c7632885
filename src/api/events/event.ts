// events.k8s.io/v1 Event: another view of the core/v1 Event objects, sharing their storage.
// Fields are renamed on the way in and out; validation, field selectors and the Table are
// core's, applied to the converted object, as upstream validates and prints the internal type.

import type { KubeObject, ResourceType } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, fieldRequired } from '../../machinery/status.js';
import type { CoreEvent } from '../core/events.js';
import { events as coreEvents } from '../core/events.js';

/** events.k8s.io/v1 name → core/v1 name; every other field is spelled the same in both. */
const RENAMES: [string, string][] = [
  ['note', 'message'],
  ['regarding', 'involvedObject'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];
const TO_CORE = new Map(RENAMES);
const FROM_CORE = new Map(RENAMES.map(([a, b]) => [b, a]));

function rename(obj: KubeObject, names: Map<string, string>, apiVersion: string): KubeObject {
  const out: KubeObject = {};
  for (const [k, v] of Object.entries(obj)) out[names.get(k) ?? k] = v;
  out.apiVersion = apiVersion;
  return out;
}

export const eventToCore = (obj: KubeObject): CoreEvent => rename(obj, TO_CORE, 'v1');
export const eventFromCore = (obj: KubeObject): KubeObject => rename(obj, FROM_CORE, 'events.k8s.io/v1');

/** Creation through events.k8s.io must use the new fields only (upstream's strict ValidateEventCreate). */
function validateStrict(ev: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  if (!ev.eventTime) errs.push(fieldRequired('eventTime'));
  if (ev.type !== 'Normal' && ev.type !== 'Warning') errs.push(fieldInvalid('type', '', `has invalid value: ${ev.type ?? ''}`));
  if (ev.firstTimestamp) errs.push(fieldInvalid('firstTimestamp', '', 'needs to be unset'));
  if (ev.lastTimestamp) errs.push(fieldInvalid('lastTimestamp', '', 'needs to be unset'));
  if (ev.count) errs.push(fieldInvalid('count', '', 'needs to be unset'));
  if (ev.source?.component || ev.source?.host) errs.push(fieldInvalid('source', '', 'needs to be unset'));
  return errs;
}

export const eventsV1: ResourceType = {
  ...coreEvents,
  group: 'events.k8s.io',
  version: 'v1',
  schemaType: 'io.k8s.api.events.v1.Event',
  storageResource: coreEvents.storageResource,
  toStorage: eventToCore,
  fromStorage: eventFromCore,
  // Core's in-place hooks would see events.k8s.io field names; the core ones need none here.
  defaults: undefined,
  prepareForCreate: undefined,
  prepareForUpdate: undefined,
  validate: (o) => {
    const ev = eventToCore(o);
    return [...(coreEvents.validate?.(ev) ?? []), ...validateStrict(ev)];
  },
  validateUpdate: (o, old) => coreEvents.validateUpdate?.(eventToCore(o), eventToCore(old)) ?? [],
  selectableFields: coreEvents.selectableFields && ((o) => coreEvents.selectableFields!(eventToCore(o))),
  cells: (o, now) => coreEvents.cells(eventToCore(o), now),
};
