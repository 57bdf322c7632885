// The cluster's certificates under <dataDir>/tls, created on first start and reused after.
//
// Like k3s there are two CAs. The server CA is what clients trust to reach the API server;
// the client CA is what the API server trusts to say who a caller is. Keeping them apart
// means a serving certificate can never pass as a user identity, and the client CA (whose
// key mints cluster-admin credentials) can later be rotated or kept offline without
// touching the trust root every kubeconfig carries.

import crypto from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCA, issueCertificate, type CertAndKey } from './x509.js';

const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 365;
/** Leaf certificates closer than this to expiry are reissued at start, as k3s does. */
const RENEW_BEFORE_MS = 90 * 24 * 60 * 60 * 1000;

/** The in-cluster names of the `kubernetes` Service and the first address of the service CIDR. */
const DEFAULT_SERVER_NAMES = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  'localhost',
];
const DEFAULT_SERVER_IPS = ['127.0.0.1', '::1', '10.43.0.1'];

export interface PkiPair extends CertAndKey {
  certPath: string;
  keyPath: string;
}

export interface ClusterPki {
  dir: string;
  serverCA: PkiPair;
  clientCA: PkiPair;
  /** The API server's serving certificate, signed by the server CA. */
  serving: PkiPair;
  /** system:admin in group system:masters, signed by the client CA. */
  admin: PkiPair;
  /** The API server's identity at the kubelets (logs, exec, port-forward), signed by the client CA. */
  kubeletClient: PkiPair;
}

export interface ClusterPkiOptions {
  serverNames: string[];
  serverIPs: string[];
}

export async function ensureClusterPki(dataDir: string, opts: ClusterPkiOptions): Promise<ClusterPki> {
  const dir = path.join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = new Date();

  const serverCA = await ensurePair(dir, 'server-ca', (p) => isUsableCA(p, now), () =>
    createCA({ commonName: `k8ts-server-ca@${Math.floor(now.getTime() / 1000)}`, validityDays: CA_VALIDITY_DAYS }),
  );
  const clientCA = await ensurePair(dir, 'client-ca', (p) => isUsableCA(p, now), () =>
    createCA({ commonName: `k8ts-client-ca@${Math.floor(now.getTime() / 1000)}`, validityDays: CA_VALIDITY_DAYS }),
  );

  const dnsNames = unique([...DEFAULT_SERVER_NAMES, os.hostname().toLowerCase(), ...opts.serverNames]);
  const ipAddresses = unique([...DEFAULT_SERVER_IPS, ...opts.serverIPs]);
  const serving = await ensurePair(
    dir,
    'serving-kube-apiserver',
    (p) => isUsableLeaf(p, serverCA, now) && coversNames(p, dnsNames, ipAddresses),
    () =>
      issueCertificate(serverCA, {
        commonName: 'kube-apiserver',
        usages: ['serverAuth'],
        dnsNames,
        ipAddresses,
        validityDays: LEAF_VALIDITY_DAYS,
      }),
  );
  const admin = await ensurePair(dir, 'client-admin', (p) => isUsableLeaf(p, clientCA, now), () =>
    issueClientCert({ clientCA }, 'system:admin', ['system:masters']),
  );
  const kubeletClient = await ensurePair(dir, 'client-kube-apiserver-kubelet', (p) => isUsableLeaf(p, clientCA, now), () =>
    issueClientCert({ clientCA }, 'kube-apiserver-kubelet-client', ['system:masters']),
  );
  return { dir, serverCA, clientCA, serving, admin, kubeletClient };
}

/** A kubelet's serving certificate for its node's name and addresses, signed by the server CA (which the API server trusts). */
export function issueKubeletServingCert(pki: Pick<ClusterPki, 'serverCA'>, nodeName: string, ips: string[]): CertAndKey {
  return issueCertificate(pki.serverCA, {
    commonName: `${nodeName}@kubelet`,
    usages: ['serverAuth'],
    dnsNames: [nodeName, 'localhost'],
    ipAddresses: unique([...ips, '127.0.0.1']),
    validityDays: LEAF_VALIDITY_DAYS,
  });
}

/** A fresh client certificate for a component or user, signed by the cluster's client CA. */
export function issueClientCert(pki: Pick<ClusterPki, 'clientCA'>, cn: string, orgs: string[]): CertAndKey {
  return issueCertificate(pki.clientCA, {
    commonName: cn,
    organizations: orgs,
    usages: ['clientAuth'],
    validityDays: LEAF_VALIDITY_DAYS,
  });
}

/** Reuse `<name>.crt/.key` when `usable`, else create and write a new pair. */
async function ensurePair(
  dir: string,
  name: string,
  usable: (pair: CertAndKey) => boolean,
  create: () => CertAndKey,
): Promise<PkiPair> {
  const certPath = path.join(dir, `${name}.crt`);
  const keyPath = path.join(dir, `${name}.key`);
  const existing = await readPair(certPath, keyPath);
  if (existing && usable(existing)) return { ...existing, certPath, keyPath };
  const fresh = create();
  // Key first: a crash between the two writes leaves a mismatched pair, which the next
  // start detects (checkPrivateKey) and replaces.
  await writeAtomic(keyPath, fresh.keyPem, 0o600);
  await writeAtomic(certPath, fresh.certPem, 0o644);
  return { ...fresh, certPath, keyPath };
}

async function readPair(certPath: string, keyPath: string): Promise<CertAndKey | null> {
  try {
    return { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The certificate if it parses, matches its key and is valid beyond `renewBeforeMs`; damaged files count as unusable. */
function loadValidCert(pair: CertAndKey, now: Date, renewBeforeMs: number): crypto.X509Certificate | null {
  try {
    const cert = new crypto.X509Certificate(pair.certPem);
    if (!cert.checkPrivateKey(crypto.createPrivateKey(pair.keyPem))) return null;
    if (new Date(cert.validTo).getTime() - renewBeforeMs <= now.getTime()) return null;
    return cert;
  } catch {
    return null;
  }
}

/** CAs are never renewed early: a new CA invalidates every kubeconfig already handed out. */
function isUsableCA(pair: CertAndKey, now: Date): boolean {
  return loadValidCert(pair, now, 0)?.ca === true;
}

/** Also requires the leaf to be signed by the current CA, so a replaced CA cascades. */
function isUsableLeaf(pair: CertAndKey, ca: CertAndKey, now: Date): boolean {
  const cert = loadValidCert(pair, now, RENEW_BEFORE_MS);
  if (!cert) return false;
  const caCert = new crypto.X509Certificate(ca.certPem);
  return cert.checkIssued(caCert) && cert.verify(caCert.publicKey);
}

function coversNames(pair: CertAndKey, dnsNames: string[], ips: string[]): boolean {
  const cert = new crypto.X509Certificate(pair.certPem);
  return (
    dnsNames.every((n) => cert.checkHost(n, { subject: 'never', wildcards: false }) !== undefined) &&
    ips.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

async function writeAtomic(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode });
  // writeFile's mode only applies when it creates the file; a leftover temp file keeps its own.
  await chmod(tmp, mode);
  await rename(tmp, file);
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
