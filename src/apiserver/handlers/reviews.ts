// Answers the review kinds (create-only, never stored). k8ts enforces no authorization yet
// (RBAC comes later), so every access review is allowed and says why.

import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../api/resource.js';
import { badRequest, methodNotSupported } from '../../machinery/status.js';
import type { UserInfo } from '../authn.js';
import { decodeObject, readBody } from '../codec.js';
import type { Registry } from '../registry/registry.js';

const NO_AUTHZ = 'k8ts enforces no authorization yet: every authenticated user may do everything';

export async function answerReview(reg: Registry, req: IncomingMessage, user: UserInfo): Promise<KubeObject> {
  if (req.method !== 'POST') throw methodNotSupported(reg.rt.plural, req.method ?? 'GET');
  const body = decodeObject(await readBody(req), req.headers['content-type']) as KubeObject;
  if (body.kind !== undefined && body.kind !== reg.rt.kind) throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${reg.rt.kind})`);
  const out: KubeObject = { ...body, apiVersion: reg.apiVersion, kind: reg.rt.kind, metadata: { ...body.metadata, creationTimestamp: undefined } };
  switch (reg.rt.kind) {
    case 'SelfSubjectReview':
      out.status = { userInfo: { username: user.username, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}) } };
      break;
    case 'SelfSubjectRulesReview':
      out.status = {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
        evaluationError: NO_AUTHZ,
      };
      break;
    default:
      out.status = { allowed: true, reason: NO_AUTHZ };
  }
  return out;
}
