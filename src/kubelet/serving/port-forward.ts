// kubectl port-forward's protocol (portforward.k8s.io) over a SPDY session: for each local
// connection the client opens an `error` and a `data` stream with the same `requestID` and
// the `port`; the data stream is joined to a TCP connection to that port in the pod, and
// anything that goes wrong is written to the error stream as text.

import type { Duplex } from 'node:stream';
import type { SpdySession, SpdyStream } from './spdy/session.js';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

function join(data: SpdyStream, error: SpdyStream, conn: Duplex): void {
  data.on('data', (b: Buffer) => conn.write(b));
  data.on('end', () => conn.end());
  data.on('close', () => conn.destroy());
  conn.on('data', (b: Buffer) => data.write(b));
  conn.on('end', () => data.end());
  conn.on('error', (e) => {
    error.write(Buffer.from(e.message));
    error.end();
    data.end();
  });
  conn.on('close', () => {
    data.end();
    error.end();
  });
}

export function servePortForward(session: SpdySession, pod: string, connect: (port: number) => Promise<Duplex>): void {
  const pairs = new Map<string, Pair>();
  session.on('stream', (s: SpdyStream) => {
    const requestID = s.headers.get('requestid') ?? s.headers.get('port') ?? '';
    const pair = pairs.get(requestID) ?? {};
    const type = s.headers.get('streamtype');
    if (type === 'error') pair.error = s;
    else if (type === 'data') pair.data = s;
    else return s.end();
    pairs.set(requestID, pair);
    if (!pair.error || !pair.data) return;
    pairs.delete(requestID);
    const { error, data } = pair;
    const port = Number(s.headers.get('port'));
    connect(port).then(
      (conn) => join(data, error, conn),
      (e: Error) => {
        error.write(Buffer.from(`error forwarding port ${port} to pod ${pod}: ${e.message}`));
        error.end();
        data.end();
      },
    );
  });
}
