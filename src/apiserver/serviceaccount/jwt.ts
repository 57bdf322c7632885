// Service-account tokens are JWTs signed RS256 with the cluster's service-account key, as
// kube-apiserver's (`--service-account-signing-key-file`). The key id is the unpadded
// base64url SHA-256 of the public key's DER, as upstream computes it.

import crypto from 'node:crypto';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export interface JwtKeys {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
}

export function keyId(publicKey: crypto.KeyObject): string {
  return b64url(crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
}

export function signJwt(claims: Record<string, unknown>, keys: JwtKeys): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: keyId(keys.publicKey) }));
  const payload = b64url(JSON.stringify(claims));
  const signature = crypto.sign('sha256', Buffer.from(`${header}.${payload}`), keys.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** The claims of a token this key signed, or null for anything else (another issuer's token, garbage). */
export function verifyJwt(token: string, publicKey: crypto.KeyObject): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'RS256') return null;
    if (!crypto.verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2], 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}
