// The pod lifecycle event generator (pkg/kubelet/pleg's GenericPLEG): relists the runtime's
// sandboxes and containers every period and tells the kubelet which pods changed (a container
// started or exited, a sandbox died), so their workers sync them.

import { logger } from '../machinery/log.js';
import { POD_UID_LABEL, sandboxUid, type Runtime } from './runtime/types.js';

const log = logger('kubelet-pleg');

export class Pleg {
  private last = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private relisting?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly periodMs: number,
    private readonly onChange: (uid: string) => void,
  ) {}

  start(): void {
    const loop = () => {
      this.relisting = this.relist().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.periodMs);
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.relisting;
  }

  private async relist(): Promise<void> {
    try {
      const [sandboxes, containers] = await Promise.all([this.runtime.listPodSandboxes(), this.runtime.listContainers()]);
      const uidOf = new Map(sandboxes.map((s) => [s.id, sandboxUid(s)]));
      const parts = new Map<string, string[]>();
      const add = (uid: string, part: string) => parts.set(uid, [...(parts.get(uid) ?? []), part]);
      for (const s of sandboxes) add(sandboxUid(s), `s:${s.id}:${s.state}`);
      for (const c of containers) {
        const uid = uidOf.get(c.sandboxId) ?? c.labels[POD_UID_LABEL];
        if (uid) add(uid, `c:${c.id}:${c.state}`);
      }
      const now = new Map([...parts].map(([uid, p]) => [uid, p.sort().join(',')]));
      for (const [uid, sig] of now) if (this.last.get(uid) !== sig) this.onChange(uid);
      for (const uid of this.last.keys()) if (!now.has(uid)) this.onChange(uid);
      this.last = now;
    } catch (e) {
      if (!this.stopped) log.warn('relisting the runtime failed', { error: (e as Error).message });
    }
  }
}
