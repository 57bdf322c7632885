// The sandbox ("pause") image: busybox sleeping in a loop that exits at once on SIGTERM, so
// StopPodSandbox does not wait out a grace period.

import { busyboxImage, type OciImageSpec } from '../../image/index.js';

export const DEFAULT_PAUSE_IMAGE = 'localhost/pause:1';

export function pauseImageSpec(name = DEFAULT_PAUSE_IMAGE): OciImageSpec {
  return busyboxImage(name, {
    entrypoint: ['sh', '-c', "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"],
  });
}
