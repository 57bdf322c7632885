// X.509 v3 certificates built with Node's crypto and our DER encoder: ECDSA P-256 keys,
// ecdsa-with-SHA256 signatures, and the handful of extensions Kubernetes components need.

import crypto, { type KeyObject } from 'node:crypto';
import net from 'node:net';
import {
  bitString,
  boolean,
  children,
  contextTag,
  integer,
  namedBits,
  octetString,
  oid,
  printableString,
  readElement,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

const OID = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start an hour in the past so a machine whose clock lags a little still accepts them. */
const BACKDATE_MS = 60 * 60 * 1000;

export type ExtKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertAndKey {
  certPem: string;
  keyPem: string;
}

export interface CAOptions {
  commonName: string;
  validityDays: number;
  now?: Date;
}

export interface LeafOptions {
  commonName: string;
  /** Each becomes its own O attribute; Kubernetes reads them as the user's groups. */
  organizations?: string[];
  usages: ExtKeyUsage[];
  dnsNames?: string[];
  ipAddresses?: string[];
  validityDays: number;
  now?: Date;
}

/** A self-signed CA certificate with a fresh P-256 key. */
export function createCA(opts: CAOptions): CertAndKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = encodeName(opts.commonName, []);
  const ski = keyIdentifier(publicKey);
  const extensions = [
    extension(OID.basicConstraints, true, sequence(boolean(true))),
    extension(OID.keyUsage, true, namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
    extension(OID.subjectKeyIdentifier, false, octetString(ski)),
  ];
  const certDer = signTbs(
    tbsCertificate(name, name, publicKey, validity(opts.now, opts.validityDays), extensions),
    privateKey,
  );
  return { certPem: toPem('CERTIFICATE', certDer), keyPem: privateKeyPem(privateKey) };
}

/** A leaf certificate with a fresh P-256 key, signed by `ca`. */
export function issueCertificate(ca: CertAndKey, opts: LeafOptions): CertAndKey {
  const caKey = crypto.createPrivateKey(ca.keyPem);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const sans = [
    ...(opts.dnsNames ?? []).map((n) => contextTag(2, Buffer.from(n, 'latin1'), false)),
    ...(opts.ipAddresses ?? []).map((ip) => contextTag(7, ipBytes(ip), false)),
  ];
  const extensions = [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, namedBits([KEY_USAGE.digitalSignature])),
    extension(OID.extKeyUsage, false, sequence(...opts.usages.map((u) => oid(OID[u])))),
    ...(sans.length ? [extension(OID.subjectAltName, false, sequence(...sans))] : []),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(publicKey))),
    extension(
      OID.authorityKeyIdentifier,
      false,
      sequence(contextTag(0, keyIdentifier(crypto.createPublicKey(caKey)), false)),
    ),
  ];
  const tbs = tbsCertificate(
    subjectNameOf(ca.certPem),
    encodeName(opts.commonName, opts.organizations ?? []),
    publicKey,
    validity(opts.now, opts.validityDays),
    extensions,
  );
  return { certPem: toPem('CERTIFICATE', signTbs(tbs, caKey)), keyPem: privateKeyPem(privateKey) };
}

function tbsCertificate(
  issuer: Buffer,
  subject: Buffer,
  publicKey: KeyObject,
  validityDer: Buffer,
  extensions: Buffer[],
): Buffer {
  return sequence(
    contextTag(0, integer(2), true), // version v3
    integer(serialNumber()),
    sequence(oid(OID.ecdsaWithSHA256)),
    issuer,
    validityDer,
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    contextTag(3, sequence(...extensions), true),
  );
}

function signTbs(tbs: Buffer, key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ec') throw new Error('only ECDSA signing keys are supported');
  // For EC keys crypto.sign already yields the DER Ecdsa-Sig-Value X.509 expects.
  const signature = crypto.sign('sha256', tbs, key);
  return sequence(tbs, sequence(oid(OID.ecdsaWithSHA256)), bitString(signature));
}

/** 16 random bytes, top bit cleared so the INTEGER stays positive and within 20 octets. */
function serialNumber(): Buffer {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

function validity(now = new Date(), days: number): Buffer {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + days * DAY_MS);
  return sequence(time(notBefore), time(notAfter));
}

/** O attributes then CN, one RDN each, in the order Go's crypto/x509 writes them. */
function encodeName(commonName: string, organizations: string[]): Buffer {
  const rdn = (type: string, value: string) => set(sequence(oid(type), directoryString(value)));
  return sequence(...organizations.map((o) => rdn(OID.organization, o)), rdn(OID.commonName, commonName));
}

/** PrintableString when the value allows it (as Go does), else UTF8String. */
function directoryString(value: string): Buffer {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? printableString(value) : utf8String(value);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = readElement(publicKey.export({ type: 'spki', format: 'der' }));
  const bits = children(spki.content)[1];
  if (!bits) throw new Error('malformed SubjectPublicKeyInfo');
  return crypto.createHash('sha1').update(bits.content.subarray(1)).digest();
}

/** The subject Name of a certificate, byte for byte, to use as a child's issuer. */
function subjectNameOf(certPem: string): Buffer {
  const cert = readElement(fromPem(certPem));
  const tbs = children(cert.content)[0];
  if (!tbs) throw new Error('malformed certificate');
  const fields = children(tbs.content);
  // Fields: [0]version, serial, signature, issuer, validity, subject, ...
  const subject = fields[fields[0]?.tag === 0xa0 ? 5 : 4];
  if (!subject) throw new Error('malformed certificate');
  return subject.der;
}

/** 4 or 16 network-order bytes for an iPAddress SAN. */
export function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!net.isIPv6(ip)) throw new Error(`not an IP address: ${ip}`);
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes the last two 16-bit groups.
  const text = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`,
  );
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER of the first PEM block in `pem`. */
function fromPem(pem: string): Buffer {
  const m = /-----BEGIN [A-Z ]+-----([\s\S]*?)-----END [A-Z ]+-----/.exec(pem);
  if (!m) throw new Error('no PEM block found');
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}
