// Objects every cluster starts with, created by the server itself if missing, as upstream's
// system namespaces controller does: default, kube-system, kube-public, kube-node-lease.

import { StatusError } from '../machinery/status.js';
import type { RequestContext } from './registry/context.js';
import type { Registries } from './registries.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const BOOTSTRAP: RequestContext = {
  user: { username: 'system:apiserver', groups: ['system:masters'] },
  dryRun: false,
  fieldManager: 'kube-apiserver',
  fieldValidation: 'Ignore',
  warnings: [],
};

export async function ensureSystemNamespaces(regs: Registries): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await regs.namespaces.create(BOOTSTRAP, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 409)) throw e;
    }
  }
}
