// Values of a container's resources for the downward API (upstream's
// ExtractContainerResourceValue): the limit or request in units of the divisor, rounded up.
// A limit the container leaves unset is the node's allocatable amount, as upstream's
// defaultPodLimitsForDownwardAPI reports it.

import type { Container, Pod, ResourceList } from '../../api/core/types.js';
import { parseQuantity, type Quantity } from '../../machinery/quantity.js';

export interface ResourceFieldRef {
  containerName?: string;
  resource?: string;
  divisor?: string | number;
}

/** Limits unset on the container default to these; fetched only when needed. */
export type AllocatableSource = () => Promise<ResourceList>;

const DEFAULTED_LIMITS = ['cpu', 'memory', 'ephemeral-storage'];

function quantity(v: string | number | undefined): Quantity {
  return parseQuantity(v === undefined ? '0' : String(v));
}

/** The named container of the pod (regular or init). */
export function findContainer(pod: Pod, name: string): Container | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
}

export async function resourceFieldValue(ref: ResourceFieldRef, container: Container, allocatable: AllocatableSource): Promise<string> {
  const resource = ref.resource ?? '';
  const dot = resource.indexOf('.');
  const kind = resource.slice(0, dot);
  const name = resource.slice(dot + 1);
  const supported = DEFAULTED_LIMITS.includes(name) || name.startsWith('hugepages-');
  if ((kind !== 'limits' && kind !== 'requests') || !supported) throw new Error(`unsupported container resource : ${resource}`);

  let amount = container.resources?.[kind]?.[name];
  if (amount === undefined && kind === 'limits' && DEFAULTED_LIMITS.includes(name)) amount = (await allocatable())[name];
  let divisor = quantity(ref.divisor);
  if (divisor.isZero()) divisor = quantity(1);
  const value = quantity(amount);
  // CPU is compared in millicores so that `250m` with divisor `1m` gives 250; the rest in whole units.
  const ratio = name === 'cpu' ? value.milliValue() / divisor.milliValue() : value.value() / divisor.value();
  return String(Math.ceil(ratio));
}
