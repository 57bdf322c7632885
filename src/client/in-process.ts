// The in-process transport: requests go through the API server's own http.Server (and so
// its whole handler chain: authn → authz → admission → registry → storage) over pairs of
// in-memory sockets instead of TCP and TLS. The server learns who is calling by looking the
// connection up (src/machinery/connection-identity.ts).

import http from 'node:http';
import https from 'node:https';
import { Duplex } from 'node:stream';
import { connectionUser, setConnectionUser, type ConnectionUser } from '../machinery/connection-identity.js';
import { NodeHttpTransport } from './transport.js';

export type InProcessUser = ConnectionUser;

/** Who opened `socket`, when it is the server end of an in-process connection. */
export const inProcessUser = connectionUser;

/**
 * One end of an in-memory connection. Besides moving bytes it answers the few net.Socket
 * calls Node's HTTP client and server make (timeouts, keep-alive, no-delay, ref/unref).
 */
class MemorySocket extends Duplex {
  peer!: MemorySocket;
  readonly connecting = false;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  private idleMs = 0;
  private idleTimer?: NodeJS.Timeout;
  /** A write waiting for the peer to drain its buffer (backpressure, as TCP would apply). */
  private blockedWrite?: () => void;

  override _read(): void {
    const resume = this.peer.blockedWrite;
    this.peer.blockedWrite = undefined;
    resume?.();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.touch();
    this.peer.touch();
    if (this.peer.push(chunk)) done();
    else this.blockedWrite = () => done();
  }

  override _final(done: (err?: Error | null) => void): void {
    this.peer.push(null);
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    this.blockedWrite = undefined;
    if (!this.peer.destroyed) this.peer.destroy();
    done(err);
  }

  /** Emits 'timeout' after `ms` without traffic, as net.Socket does (the server's keep-alive timeout relies on it). */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    if (onTimeout) this.once('timeout', onTimeout);
    this.touch();
    return this;
  }

  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): { address: string; family: string; port: number } {
    return { address: '127.0.0.1', family: 'IPv4', port: 0 };
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs <= 0 || this.destroyed) return;
    this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
    this.idleTimer.unref();
  }
}

/** Two connected in-memory sockets: what one writes, the other reads. */
function socketPair(): [Duplex, Duplex] {
  const a = new MemorySocket();
  const b = new MemorySocket();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Opens each new connection as a socket pair handed to the server; http.Agent does the pooling and reuse. */
class InProcessAgent extends http.Agent {
  constructor(
    private readonly server: http.Server,
    private readonly user: InProcessUser,
  ) {
    // Watches hold a connection each, so no cap on open ones; only a few idle ones are kept.
    super({ keepAlive: true, maxFreeSockets: 4 });
  }

  override createConnection(): Duplex {
    const [clientEnd, serverEnd] = socketPair();
    setConnectionUser(serverEnd, this.user);
    // An HTTPS server's HTTP layer listens for 'secureConnection' (after TLS); handing the
    // socket in there skips TLS, which an in-memory pair does not need.
    this.server.emit(this.server instanceof https.Server ? 'secureConnection' : 'connection', serverEnd);
    return clientEnd;
  }
}

export interface InProcessTransportOptions {
  userAgent?: string;
}

export class InProcessTransport extends NodeHttpTransport {
  constructor(server: http.Server, user: InProcessUser, opts: InProcessTransportOptions = {}) {
    super({ send: http.request, agent: new InProcessAgent(server, user), host: 'in-process', port: 80, headers: { 'User-Agent': opts.userAgent ?? 'k8ts' } });
  }
}
