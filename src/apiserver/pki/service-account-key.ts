// The key pair that signs service-account tokens, `<dataDir>/tls/service-account.key`, made
// on first start and kept: every token handed out stays valid across restarts.

import crypto from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JwtKeys } from '../serviceaccount/jwt.js';

export async function ensureServiceAccountKey(dataDir: string): Promise<JwtKeys> {
  const dir = path.join(dataDir, 'tls');
  const file = path.join(dir, 'service-account.key');
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, pem, { mode: 0o600 });
    await rename(tmp, file);
  }
  const privateKey = crypto.createPrivateKey(pem);
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}
