// A probe's port: a number, or the name of one of the container's ports (upstream's
// ResolveContainerPort, including its last try of a number written as a string).

import type { Container, IntOrString } from '../../api/core/types.js';

export function resolvePort(port: IntOrString | undefined, container: Container): number {
  let n: number;
  if (typeof port === 'number') n = port;
  else {
    const named = container.ports?.find((p) => p.name === port);
    if (named) n = named.containerPort ?? -1;
    else if (port !== undefined && /^\d+$/.test(port)) n = Number(port);
    else throw new Error(`port ${port} not found`);
  }
  if (n > 0 && n < 65536) return n;
  throw new Error(`invalid port number: ${n}`);
}
