// What the kubelet's sync steps share: the runtime, where events go, the per-container
// bookkeeping that is not in the runtime (waiting reasons, back-offs), and H5's parts.

import type { EventRecorder } from '../client/events.js';
import type { Backoff } from './backoff.js';
import type { EnvSources } from './env/index.js';
import type { ProbeManager } from './probes/index.js';
import type { ReasonCache } from './reason-cache.js';
import type { Runtime } from './runtime/types.js';
import type { SandboxSettings } from './sandbox-config.js';
import type { VolumeManager } from './volumes/index.js';

export interface KubeletContext {
  runtime: Runtime;
  recorder: EventRecorder;
  reasons: ReasonCache;
  /** Container restarts (key `<uid>/<container>`) and image pulls (key `pull/<uid>/<image>`). */
  backoff: Backoff;
  probes: ProbeManager;
  volumes: VolumeManager;
  env: EnvSources;
  sandbox: SandboxSettings;
  /** The kubelet's directory (per-pod files under <rootDir>/pods/<uid>). */
  rootDir: string;
  /** How soon a pass that could not go on (a volume not ready yet) is tried again. */
  retryMs: number;
  /** Syncs the pod again at `atMs` (when a back-off ends). */
  resyncAt(uid: string, atMs: number): void;
}
