// What one probe attempt found (upstream's probe.Result plus its output): success, success
// with a warning (an HTTP redirect not followed), or failure. A probe that could not be run
// at all throws instead; its result is thrown away, as upstream's prober errors are.

export type Outcome = { result: 'success' | 'failure'; output: string } | { result: 'warning'; output: string };

export const success = (output = ''): Outcome => ({ result: 'success', output });
export const failure = (output: string): Outcome => ({ result: 'failure', output });
export const warning = (output: string): Outcome => ({ result: 'warning', output });

/** Go's net errors, which users know from upstream's probe messages. */
export function dialError(hostPort: string, e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${hostPort}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${hostPort}: connect: network is unreachable`;
    case 'ECONNRESET':
      return `read tcp ${hostPort}: read: connection reset by peer`;
    default:
      return `dial tcp ${hostPort}: ${e.message}`;
  }
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
