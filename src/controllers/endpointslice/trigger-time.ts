// The `endpoints.kubernetes.io/last-change-trigger-time` annotation (upstream's
// TriggerTimeTracker): when the change that this endpoints write reflects happened, so the
// proxy can measure how long programming took. It is the earliest readiness transition (or
// service creation) that is new since the service's previous sync; a service seen for the
// first time reports its creation time. Times compare as instants, keep their API text.

import type { Service } from '../../api/core/services.js';
import type { Pod } from '../../api/core/types.js';
import { parseRFC3339 } from '../../machinery/time.js';
import { podReadyTransitionTime } from './pods.js';

interface ServiceState {
  serviceTime?: Instant;
  podTimes: Map<string, Instant>;
}

interface Instant {
  text: string;
  ms: number;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** Records what `service` and `pods` look like now; returns the annotation value, or undefined to clear it. */
  compute(serviceKey: string, service: Service, pods: Pod[]): string | undefined {
    const prev = this.states.get(serviceKey);
    let earliest: Instant | undefined;
    const consider = (t: Instant, before: Instant | undefined) => {
      if ((!before || t.ms > before.ms) && (!earliest || t.ms < earliest.ms)) earliest = t;
    };
    const podTimes = new Map<string, Instant>();
    for (const pod of pods) {
      const t = instant(podReadyTransitionTime(pod));
      if (!t) continue;
      podTimes.set(pod.metadata?.name ?? '', t);
      consider(t, prev?.podTimes.get(pod.metadata?.name ?? ''));
    }
    const serviceTime = instant(service.metadata?.creationTimestamp);
    if (serviceTime) consider(serviceTime, prev?.serviceTime);
    this.states.set(serviceKey, { serviceTime, podTimes });
    return prev ? earliest?.text : serviceTime?.text;
  }

  deleteService(serviceKey: string): void {
    this.states.delete(serviceKey);
  }
}

function instant(text: string | undefined): Instant | undefined {
  const d = text ? parseRFC3339(text) : undefined;
  return d && text ? { text, ms: d.getTime() } : undefined;
}
