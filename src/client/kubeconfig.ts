// kubeconfig files: the v1 `Config` format kubectl reads, loaded into a connection
// (server, trust root, credentials), generated for the admin user, and merged into a
// user's existing ~/.kube/config without disturbing their other clusters.

import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';

// Index signatures keep fields we do not interpret (proxy-url, exec, extensions…) so a
// merge writes them back unchanged.
export interface KubeconfigCluster {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  [field: string]: unknown;
}

export interface KubeconfigUser {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  'token-file'?: string;
  [field: string]: unknown;
}

export interface KubeconfigContext {
  cluster: string;
  user?: string;
  namespace?: string;
  [field: string]: unknown;
}

export interface NamedCluster {
  name: string;
  cluster: KubeconfigCluster;
}
export interface NamedUser {
  name: string;
  user: KubeconfigUser;
}
export interface NamedContext {
  name: string;
  context: KubeconfigContext;
}

export interface Kubeconfig {
  apiVersion: string;
  kind: string;
  clusters: NamedCluster[];
  users: NamedUser[];
  contexts: NamedContext[];
  'current-context'?: string;
  [field: string]: unknown;
}

/** What a client needs to connect: everything decoded, file references already read. */
export interface ResolvedContext {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  insecureSkipTLSVerify: boolean;
  namespace?: string;
}

/** Parse kubeconfig YAML as written, leaving file paths untouched. An empty file is an empty config. */
export function parseKubeconfig(text: string): Kubeconfig {
  const doc: unknown = YAML.parse(text) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('kubeconfig is not a YAML mapping');
  const raw = doc as Record<string, unknown>;
  // kubectl writes `clusters: null` for empty lists; treat that as [].
  return {
    ...raw,
    apiVersion: (raw.apiVersion as string | undefined) ?? 'v1',
    kind: (raw.kind as string | undefined) ?? 'Config',
    clusters: (raw.clusters as NamedCluster[] | null | undefined) ?? [],
    users: (raw.users as NamedUser[] | null | undefined) ?? [],
    contexts: (raw.contexts as NamedContext[] | null | undefined) ?? [],
  };
}

/** Load a kubeconfig; relative file references become absolute, relative to its directory (as client-go does). */
export async function loadKubeconfig(file: string): Promise<Kubeconfig> {
  const cfg = parseKubeconfig(await readFile(file, 'utf8'));
  const dir = path.dirname(path.resolve(file));
  const abs = (p: string | undefined) => (p ? path.resolve(dir, p) : p);
  for (const { cluster } of cfg.clusters) {
    if (cluster['certificate-authority']) cluster['certificate-authority'] = abs(cluster['certificate-authority']);
  }
  for (const { user } of cfg.users) {
    for (const field of ['client-certificate', 'client-key', 'token-file'] as const) {
      if (user[field]) user[field] = abs(user[field]);
    }
  }
  return cfg;
}

/** The connection for `contextName`, or for current-context when omitted. */
export function resolveContext(cfg: Kubeconfig, contextName?: string): ResolvedContext {
  const name = contextName ?? cfg['current-context'];
  if (!name) throw new Error('kubeconfig: current-context is not set and no context was given');
  const context = cfg.contexts.find((c) => c.name === name)?.context;
  if (!context) throw new Error(`kubeconfig: context "${name}" not found`);
  const cluster = cfg.clusters.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster?.server) throw new Error(`kubeconfig: cluster "${context.cluster}" of context "${name}" not found or has no server`);
  // A context without a user is valid: the client connects anonymously.
  const user: KubeconfigUser = cfg.users.find((u) => u.name === context.user)?.user ?? {};

  const token = user.token ?? (user['token-file'] ? readFileSync(user['token-file'], 'utf8').trim() : undefined);
  return {
    server: cluster.server,
    ca: dataOrFile(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: dataOrFile(user['client-certificate-data'], user['client-certificate']),
    key: dataOrFile(user['client-key-data'], user['client-key']),
    token,
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    namespace: context.namespace,
  };
}

/** Inline base64 data wins over a file reference, as in client-go. */
function dataOrFile(data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readFileSync(file);
  return undefined;
}

export interface BuildKubeconfigOptions {
  clusterName: string;
  server: string;
  /** Absent for a plain-HTTP server, which gets no credentials at all. */
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  contextName: string;
  userName: string;
}

/** A self-contained kubeconfig (credentials inline) whose current context is `contextName`. */
export function buildKubeconfig(o: BuildKubeconfigOptions): Kubeconfig {
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: o.clusterName, cluster: { server: o.server, ...(o.caPem ? { 'certificate-authority-data': b64(o.caPem) } : {}) } }],
    users: [{ name: o.userName, user: o.certPem && o.keyPem ? { 'client-certificate-data': b64(o.certPem), 'client-key-data': b64(o.keyPem) } : {} }],
    contexts: [{ name: o.contextName, context: { cluster: o.clusterName, user: o.userName } }],
    'current-context': o.contextName,
  };
}

/** Write with mode 0600 (it holds credentials), creating directories; atomic so a crash never truncates it. */
export async function writeKubeconfig(file: string, cfg: Kubeconfig): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Replace the symlink's target, not the symlink, when the user keeps their config elsewhere.
  const target = await realpath(file).catch(() => file);
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, YAML.stringify(cfg, { lineWidth: 0 }), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, target);
}

/**
 * Copy context `contextName` of `cfg`, with its cluster and user, into the kubeconfig at
 * `targetPath`: same-named entries are replaced, all others kept, and current-context
 * switched to it. The file is created when missing.
 */
export async function mergeKubeconfig(targetPath: string, cfg: Kubeconfig, contextName: string): Promise<void> {
  const context = cfg.contexts.find((c) => c.name === contextName);
  if (!context) throw new Error(`kubeconfig: context "${contextName}" not found`);
  const cluster = cfg.clusters.find((c) => c.name === context.context.cluster);
  const user = cfg.users.find((u) => u.name === context.context.user);

  const existing = await readFile(targetPath, 'utf8').then(parseKubeconfig, (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return parseKubeconfig('');
    throw err;
  });
  if (cluster) existing.clusters = upsert(existing.clusters, cluster);
  if (user) existing.users = upsert(existing.users, user);
  existing.contexts = upsert(existing.contexts, context);
  existing['current-context'] = contextName;
  await writeKubeconfig(targetPath, existing);
}

/** Replace the entry with the same name in place (keeping the user's order), else append. */
function upsert<T extends { name: string }>(list: T[], entry: T): T[] {
  const i = list.findIndex((e) => e.name === entry.name);
  return i < 0 ? [...list, entry] : list.map((e, j) => (j === i ? entry : e));
}
