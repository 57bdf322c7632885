// The process runtime runs host binaries, so an image is only a name it remembers: pulling
// records it under a stable fake digest (sha256 of the name), importing a tarball records the
// names its index.json (OCI) or manifest.json (docker-archive) declares.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../../network/exec-file.js';
import type { ImageInfo } from '../types.js';

export function imageRef(name: string): string {
  return `sha256:${createHash('sha256').update(name).digest('hex')}`;
}

/** `busybox` → `docker.io/library/busybox:latest`, as the container runtimes name images. */
export function normalizeImageName(name: string): string {
  let n = name;
  const slash = n.indexOf('/');
  const first = slash < 0 ? '' : n.slice(0, slash);
  if (slash < 0) n = `docker.io/library/${n}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') n = `docker.io/${n}`;
  const lastPart = n.slice(n.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) n += ':latest';
  return n;
}

/** The image list of the process runtime keeping its state in `stateDir` (also read by `k8ts images`). */
export function imageStoreIn(stateDir: string): ImageStore {
  return new ImageStore(path.join(stateDir, 'images.json'));
}

export class ImageStore {
  private readonly names = new Set<string>();
  /** Writes of the list, one after the other (pulls of several pods overlap). */
  private saved: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    try {
      for (const n of JSON.parse(readFileSync(file, 'utf8')) as string[]) this.names.add(n);
    } catch { /* first run */ }
  }

  async record(name: string): Promise<string> {
    const n = normalizeImageName(name);
    if (!this.names.has(n)) {
      this.names.add(n);
      this.saved = this.saved.catch(() => undefined).then(() => writeFile(this.file, JSON.stringify([...this.names])));
      await this.saved;
    }
    return imageRef(n);
  }

  status(name: string): ImageInfo | undefined {
    const n = normalizeImageName(name);
    return this.names.has(n) ? info(n) : undefined;
  }

  list(): ImageInfo[] {
    return [...this.names].sort().map(info);
  }

  async import(tarPath: string): Promise<string[]> {
    const names = (await namesInOciIndex(tarPath)) ?? (await namesInDockerManifest(tarPath));
    if (!names?.length) throw new Error(`${tarPath}: no image names found in index.json or manifest.json`);
    for (const n of names) await this.record(n);
    return names.map(normalizeImageName);
  }
}

function info(name: string): ImageInfo {
  return { id: imageRef(name), repoTags: [name], size: 0 };
}

async function memberOf(tarPath: string, member: string): Promise<unknown> {
  const r = await runTool('tar', ['-xOf', tarPath, member]);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

async function namesInOciIndex(tarPath: string): Promise<string[] | undefined> {
  const index = (await memberOf(tarPath, 'index.json')) as { manifests?: { annotations?: Record<string, string> }[] } | undefined;
  const names = (index?.manifests ?? [])
    .map((m) => m.annotations?.['io.containerd.image.name'] ?? m.annotations?.['org.opencontainers.image.ref.name'])
    .filter((n): n is string => !!n && (n.includes('/') || n.includes(':')));
  return names.length ? names : undefined;
}

async function namesInDockerManifest(tarPath: string): Promise<string[] | undefined> {
  const manifest = (await memberOf(tarPath, 'manifest.json')) as { RepoTags?: string[] }[] | undefined;
  return manifest?.flatMap((m) => m.RepoTags ?? []);
}
