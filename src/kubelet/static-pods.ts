// Static pods (pkg/kubelet/config/file.go): Pod manifests in a directory, read again whenever
// it changes (and every period, as upstream's file source also polls). Each becomes a pod named
// `<name>-<node>` whose uid is a hash of what the file says, so an edit is a new pod, with the
// config.source/hash/seen annotations upstream sets.

import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { defaultPodOnly, defaultPodSpec } from '../api/core/pod-spec-defaults.js';
import type { Pod } from '../api/core/types.js';
import { deepCopy } from '../machinery/deep.js';
import { logger } from '../machinery/log.js';
import { microTimeRFC3339 } from '../machinery/time.js';

const log = logger('kubelet-static-pods');

export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';
export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export const isStaticPod = (pod: Pod): boolean => pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION] === 'file';
export const isMirrorPod = (pod: Pod): boolean => pod.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;

/** The pod a manifest document describes, as it runs on `nodeName`; `seen` is when it was first read. */
export function staticPod(doc: Pod, nodeName: string, file: string, seen: (hash: string) => string): Pod {
  const pod = deepCopy(doc);
  const meta = (pod.metadata ??= {});
  if (!meta.name) throw new Error(`${file}: a static pod needs metadata.name`);
  meta.namespace ||= 'default';
  meta.name = `${meta.name}-${nodeName}`;
  const spec = (pod.spec ??= {});
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  spec.nodeName = nodeName;
  const hash = createHash('md5').update(JSON.stringify({ file, nodeName, metadata: meta, spec })).digest('hex');
  meta.uid = hash;
  meta.annotations = { ...meta.annotations, [CONFIG_SOURCE_ANNOTATION]: 'file', [CONFIG_HASH_ANNOTATION]: hash, [CONFIG_SEEN_ANNOTATION]: seen(hash) };
  pod.apiVersion = 'v1';
  pod.kind = 'Pod';
  pod.status = { phase: 'Pending' };
  return pod;
}

export class StaticPodSource {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;
  private again = false;
  private current = new Map<string, Pod>();
  private readonly seen = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly nodeName: string,
    private readonly pollMs: number,
    /** Called with every static pod after any of them changed. */
    private readonly onChange: (pods: Pod[]) => void,
  ) {}

  /** Reads the directory once (resolving when done), then follows it. */
  async start(): Promise<void> {
    await this.read();
    try {
      this.watcher = watch(this.dir, () => this.trigger());
    } catch (e) {
      log.warn('cannot watch the static pod directory; polling only', { dir: this.dir, error: (e as Error).message });
    }
    this.timer = setInterval(() => this.trigger(), this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    clearInterval(this.timer);
    await this.reading;
  }

  pods(): Pod[] {
    return [...this.current.values()];
  }

  private trigger(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        this.trigger();
      }
    });
  }

  private async read(): Promise<void> {
    const next = new Map<string, Pod>();
    let names: string[] = [];
    try {
      names = (await readdir(this.dir)).filter((n) => !n.startsWith('.')).sort();
    } catch (e) {
      log.warn('cannot read the static pod directory', { dir: this.dir, error: (e as Error).message });
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        for (const doc of YAML.parseAllDocuments(await readFile(file, 'utf8'))) {
          const obj = doc.toJSON() as Pod | null;
          if (!obj) continue;
          if (obj.kind !== 'Pod') throw new Error(`${file}: kind ${obj.kind} is not Pod`);
          const pod = staticPod(obj, this.nodeName, file, (hash) => this.seenAt(hash));
          next.set(pod.metadata!.uid!, pod);
        }
      } catch (e) {
        log.warn('skipping static pod manifest', { file, error: (e as Error).message });
      }
    }
    const changed = next.size !== this.current.size || [...next.keys()].some((uid) => !this.current.has(uid));
    this.current = next;
    if (changed && !this.stopped) this.onChange(this.pods());
  }

  private seenAt(hash: string): string {
    let at = this.seen.get(hash);
    if (!at) this.seen.set(hash, (at = microTimeRFC3339()));
    return at;
  }
}
