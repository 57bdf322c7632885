// A new pod for an owner from its template (upstream's GetPodFromTemplate): the template's
// labels, annotations, finalizers and spec, a name generated from the owner's, and the
// owner as its controller.

import type { Pod, PodTemplateSpec } from '../../api/core/types.js';
import type { KubeObject, OwnerReference } from '../../api/resource.js';
import { deepCopy } from '../../machinery/deep.js';

export function podFromTemplate(owner: KubeObject, template: PodTemplateSpec | undefined, controllerRef: OwnerReference): Pod {
  const tm = template?.metadata ?? {};
  const metadata: NonNullable<Pod['metadata']> = {
    // The API server appends five random characters: `<owner>-x7k2q`.
    generateName: `${owner.metadata?.name ?? ''}-`,
    namespace: owner.metadata?.namespace,
    labels: { ...tm.labels },
    ownerReferences: [controllerRef],
  };
  if (tm.annotations) metadata.annotations = { ...tm.annotations };
  if (tm.finalizers) metadata.finalizers = [...tm.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: deepCopy(template?.spec ?? { containers: [] }) };
}
