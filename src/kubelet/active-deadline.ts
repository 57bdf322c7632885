// spec.activeDeadlineSeconds (pkg/kubelet/active_deadline.go): a pod that has been active on
// the node longer than that, counted from its status.startTime, is killed and fails with
// reason DeadlineExceeded.

import type { Pod } from '../api/core/types.js';
import { parseRFC3339 } from '../machinery/time.js';

export const DEADLINE_REASON = 'DeadlineExceeded';
export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** When the pod's active deadline passes (ms since the epoch); undefined when it has none (yet). */
export function activeDeadlineAt(pod: Pod): number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  const start = parseRFC3339(String(pod.status?.startTime ?? ''));
  if (seconds === undefined || !start) return undefined;
  return start.getTime() + seconds * 1000;
}
