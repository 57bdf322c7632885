// Bound service-account tokens (upstream's TokenRequest REST and its JWT authenticator):
// `POST …/serviceaccounts/<sa>/token` mints a token for the account, optionally bound to a
// Pod, Secret or Node so that it dies with that object; a request carrying such a token is
// that service account for as long as the token is unexpired and what it names still exists.

import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/resource.js';
import { badRequest, conflict, fieldInvalid, invalid, isStatusError } from '../../machinery/status.js';
import { nowRFC3339 } from '../../machinery/time.js';
import type { UserInfo } from '../authn.js';
import type { Registries } from '../registries.js';
import { signJwt, verifyJwt, type JwtKeys } from './jwt.js';

/** The issuer and default audience, as k3s configures its API server. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** Objects a token may be bound to, by kind, with where they live. */
const BINDABLE: Record<string, { plural: string; namespaced: boolean }> = {
  Pod: { plural: 'pods', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  Node: { plural: 'nodes', namespaced: false },
};

interface BoundRef {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: BoundRef | null;
}

/** The `kubernetes.io` claim: what the token belongs and is bound to. */
interface KubernetesClaim {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
  node?: { name: string; uid: string };
}

export class ServiceAccountTokens {
  constructor(
    private readonly keys: JwtKeys,
    private readonly registries: Registries,
    private readonly audiences: string[] = [SERVICE_ACCOUNT_ISSUER],
  ) {}

  /** Answers a TokenRequest for service account `namespace/name`. */
  async request(namespace: string, name: string, body: KubeObject): Promise<KubeObject> {
    if (body.kind !== undefined && body.kind !== 'TokenRequest') throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (TokenRequest)`);
    const spec = { ...((body.spec as TokenRequestSpec | undefined) ?? {}) };
    spec.audiences = spec.audiences?.length ? spec.audiences : this.audiences;
    spec.expirationSeconds ??= DEFAULT_EXPIRATION_SECONDS;
    if (spec.expirationSeconds < MIN_EXPIRATION_SECONDS) {
      throw invalid('TokenRequest', name, [fieldInvalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 10 minutes')], 'authentication.k8s.io');
    }
    if (spec.expirationSeconds > MAX_EXPIRATION_SECONDS) {
      throw invalid('TokenRequest', name, [fieldInvalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration larger than 2^32 seconds')], 'authentication.k8s.io');
    }
    const account = await this.get('serviceaccounts', namespace, name);
    const claim: KubernetesClaim = { namespace, serviceaccount: { name, uid: account.metadata!.uid! } };
    if (spec.boundObjectRef) {
      const ref = spec.boundObjectRef;
      const where = BINDABLE[ref.kind ?? ''];
      if (!where || (ref.apiVersion !== undefined && ref.apiVersion !== 'v1')) throw badRequest(`cannot bind token for serviceaccount "${name}" to object of type ${ref.apiVersion ?? ''}, Kind=${ref.kind ?? ''}`);
      const bound = await this.get(where.plural, where.namespaced ? namespace : undefined, ref.name ?? '');
      const uid = bound.metadata!.uid!;
      if (ref.uid && ref.uid !== uid) {
        throw conflict(ref.kind!, ref.name!, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
      }
      claim[ref.kind!.toLowerCase() as 'pod' | 'secret' | 'node'] = { name: ref.name!, uid };
      spec.boundObjectRef = { ...ref, apiVersion: 'v1', uid };
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = now + spec.expirationSeconds;
    const token = signJwt(
      { aud: spec.audiences, exp, iat: now, iss: SERVICE_ACCOUNT_ISSUER, jti: randomUUID(), 'kubernetes.io': claim, nbf: now, sub: `system:serviceaccount:${namespace}:${name}` },
      this.keys,
    );
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: nowRFC3339() },
      spec,
      status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    };
  }

  /** The service account a bearer token stands for, or null when it is not (or no longer) a valid one of ours. */
  async authenticate(token: string): Promise<UserInfo | null> {
    const claims = verifyJwt(token, this.keys.publicKey);
    if (!claims || claims.iss !== SERVICE_ACCOUNT_ISSUER) return null;
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return null;
    if (typeof claims.nbf === 'number' && claims.nbf > now + 60) return null;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => this.audiences.includes(a as string))) return null;
    const k8s = claims['kubernetes.io'] as KubernetesClaim | undefined;
    if (!k8s?.namespace || !k8s.serviceaccount?.name) return null;
    if (!(await this.stillExists('serviceaccounts', k8s.namespace, k8s.serviceaccount))) return null;
    for (const kind of ['pod', 'secret', 'node'] as const) {
      const bound = k8s[kind];
      if (bound && !(await this.stillExists(`${kind}s`, kind === 'node' ? undefined : k8s.namespace, bound))) return null;
    }
    const groups = ['system:serviceaccounts', `system:serviceaccounts:${k8s.namespace}`];
    return { username: `system:serviceaccount:${k8s.namespace}:${k8s.serviceaccount.name}`, uid: k8s.serviceaccount.uid, groups };
  }

  private get(plural: string, namespace: string | undefined, name: string): Promise<KubeObject> {
    return this.registries.lookup('', 'v1', plural)!.get(namespace, name);
  }

  /** The object is there with the same uid and is not being deleted. */
  private async stillExists(plural: string, namespace: string | undefined, ref: { name: string; uid: string }): Promise<boolean> {
    try {
      const obj = await this.get(plural, namespace, ref.name);
      return obj.metadata?.uid === ref.uid && !obj.metadata?.deletionTimestamp;
    } catch (e) {
      if (isStatusError(e) && e.code === 404) return false;
      throw e;
    }
  }
}
