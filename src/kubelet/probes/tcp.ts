// tcpSocket probes: success when a TCP connection opens within the timeout.

import net from 'node:net';
import { dialError, failure, joinHostPort, success, type Outcome } from './outcome.js';

export function probeTCP(host: string, port: number, timeoutMs: number): Promise<Outcome> {
  const hostPort = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => finish(failure(`dial tcp ${hostPort}: i/o timeout`)), timeoutMs);
    function finish(o: Outcome): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    }
    socket.once('connect', () => finish(success()));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(failure(dialError(hostPort, e))));
  });
}
