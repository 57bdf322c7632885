// OCI image-layout tarballs (what `ctr images import` and `k8ts images import` load) built in
// memory from file lists: one gzip'd layer per entry list, a config naming Entrypoint/Cmd/Env,
// a manifest, and an index.json whose annotation gives the image its name.

import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tarArchive, type TarEntry } from './tar.js';

export interface ImageRuntimeConfig {
  entrypoint?: string[];
  cmd?: string[];
  /** `NAME=value` strings, as in an image config. */
  env?: string[];
  workingDir?: string;
  user?: string;
  stopSignal?: string;
}

export interface OciImageSpec {
  /** Full reference, e.g. `localhost/busybox:1`. */
  name: string;
  layers: TarEntry[][];
  config: ImageRuntimeConfig;
}

export interface BuiltImage {
  archive: Buffer;
  /** sha256 digest of the manifest (what a registry would call the image digest). */
  manifestDigest: string;
  /** sha256 digest of the config blob (the image id containerd reports). */
  configDigest: string;
}

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG_TYPE = 'application/vnd.oci.image.config.v1+json';
const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** OCI uses Go's GOARCH names. */
function ociArchitecture(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[process.arch] ?? process.arch;
}

/** The tag of a reference (`latest` when it has none), for `org.opencontainers.image.ref.name`. */
function tagOf(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : 'latest';
}

export function buildOciImage(spec: OciImageSpec): BuiltImage {
  const blobs = new Map<string, Buffer>();
  const addBlob = (data: Buffer) => {
    const digest = sha256(data);
    blobs.set(digest, data);
    return { digest, size: data.length };
  };

  const diffIds: string[] = [];
  const layers = spec.layers.map((entries) => {
    const tar = tarArchive(entries);
    diffIds.push(sha256(tar));
    return { mediaType: LAYER_TYPE, ...addBlob(gzipSync(tar, { level: 9 })) };
  });

  const c = spec.config;
  const config = {
    created: '1970-01-01T00:00:00Z',
    architecture: ociArchitecture(),
    os: 'linux',
    config: {
      ...(c.user ? { User: c.user } : {}),
      ...(c.env?.length ? { Env: c.env } : {}),
      ...(c.entrypoint ? { Entrypoint: c.entrypoint } : {}),
      ...(c.cmd ? { Cmd: c.cmd } : {}),
      ...(c.workingDir ? { WorkingDir: c.workingDir } : {}),
      ...(c.stopSignal ? { StopSignal: c.stopSignal } : {}),
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
  };
  const configDesc = { mediaType: CONFIG_TYPE, ...addBlob(Buffer.from(JSON.stringify(config))) };
  const manifest = { schemaVersion: 2, mediaType: MANIFEST_TYPE, config: configDesc, layers };
  const manifestDesc = addBlob(Buffer.from(JSON.stringify(manifest)));
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{
      mediaType: MANIFEST_TYPE,
      ...manifestDesc,
      annotations: { 'io.containerd.image.name': spec.name, 'org.opencontainers.image.ref.name': tagOf(spec.name) },
    }],
  };

  const entries: TarEntry[] = [
    { type: 'file', path: 'oci-layout', data: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { type: 'file', path: 'index.json', data: JSON.stringify(index) },
    { type: 'dir', path: 'blobs' },
    { type: 'dir', path: 'blobs/sha256' },
    ...[...blobs].map(([digest, data]): TarEntry => ({ type: 'file', path: `blobs/sha256/${digest.slice('sha256:'.length)}`, data })),
  ];
  return { archive: tarArchive(entries), manifestDigest: manifestDesc.digest, configDigest: configDesc.digest };
}

/** Builds the image and writes its OCI archive to `file`. */
export async function writeOciImage(spec: OciImageSpec, file: string): Promise<BuiltImage> {
  const built = buildOciImage(spec);
  await writeFile(file, built.archive);
  return built;
}
