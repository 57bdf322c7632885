// Service account tokens for projected volumes, from the API's TokenRequest
// (`POST …/serviceaccounts/<sa>/token`), bound to the pod so they die with it. Like
// upstream's kubelet token manager, a token is reused until 80% of its lifetime (or 24h)
// has passed, and then replaced, so every volume refresh does not cost a request.

import type { Pod } from '../../api/core/types.js';
import type { Client } from '../../client/index.js';

export interface TokenProjection {
  audience?: string;
  expirationSeconds?: number;
  path?: string;
}

interface TokenRequestStatus {
  status?: { token?: string; expirationTimestamp?: string };
}

interface Cached {
  token: string;
  refreshAtMs: number;
  podUid: string;
}

const DEFAULT_EXPIRATION_SECONDS = 3600;
const MAX_TOKEN_AGE_MS = 24 * 3600 * 1000;

export class ServiceAccountTokens {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly client: Client,
    private readonly now: () => number = Date.now,
  ) {}

  async token(pod: Pod, projection: TokenProjection): Promise<string> {
    const namespace = pod.metadata?.namespace ?? '';
    const serviceAccount = pod.spec?.serviceAccountName || 'default';
    const expirationSeconds = projection.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const audiences = projection.audience ? [projection.audience] : [];
    const podUid = pod.metadata?.uid ?? '';
    const key = JSON.stringify([namespace, serviceAccount, audiences, expirationSeconds, podUid]);
    const cached = this.cache.get(key);
    if (cached && this.now() < cached.refreshAtMs) return cached.token;

    const request = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      // No audiences: the API server's own.
      spec: { audiences, expirationSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: podUid } },
    };
    let reply: TokenRequestStatus;
    try {
      reply = await this.client.serviceaccounts.subresource(namespace, serviceAccount, 'token').create<TokenRequestStatus>(request);
    } catch (e) {
      throw new Error(`failed to fetch token: ${(e as Error).message}`);
    }
    const token = reply?.status?.token;
    if (!token) throw new Error('failed to fetch token: the TokenRequest reply holds no token');
    const issuedMs = this.now();
    const expiresMs = Date.parse(reply.status?.expirationTimestamp ?? '') || issuedMs + expirationSeconds * 1000;
    const refreshAtMs = Math.min(issuedMs + 0.8 * (expiresMs - issuedMs), issuedMs + MAX_TOKEN_AGE_MS);
    this.cache.set(key, { token, refreshAtMs, podUid });
    return token;
  }

  forgetPod(podUid: string): void {
    for (const [key, c] of this.cache) if (c.podUid === podUid) this.cache.delete(key);
  }
}
