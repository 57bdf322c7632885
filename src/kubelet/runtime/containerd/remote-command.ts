// exec and attach sessions against a CRI streaming server over SPDY (protocol
// v4.channel.k8s.io), the transport the kubelet's own clients use: one stream per stdio
// channel, so stdin can be half-closed and a command reading to EOF finishes. The session
// ends with a Status on the error stream (see exitCodeFromStatus).

import type { ExecStreams, TerminalSize } from '../types.js';
import { spdyConnect, type SpdyConnection, type SpdyStream } from './spdy.js';

const PROTOCOL = 'v4.channel.k8s.io';

/**
 * The exit code a v4 error-channel Status reports: Success is 0, NonZeroExitCode carries the
 * code as an `ExitCode` cause; any other failure is thrown with its message.
 */
export function exitCodeFromStatus(text: string): number {
  let status: { status?: string; reason?: string; message?: string; details?: { causes?: { reason?: string; message?: string }[] } };
  try {
    status = JSON.parse(text);
  } catch {
    throw new Error(text);
  }
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (status.reason === 'NonZeroExitCode' && cause?.message !== undefined) return Number.parseInt(cause.message, 10);
  throw new Error(status.message ?? text);
}

/**
 * Runs the session at the URL `url` resolves to (a CRI Exec/Attach reply), wired to
 * `streams`; resolves with the exit code. Resize events are listened for from the start, so
 * the initial terminal size a client sends while the CRI call is in flight is kept.
 */
export async function runRemoteCommand(url: Promise<string>, streams: ExecStreams): Promise<number> {
  let conn: SpdyConnection | undefined;
  let stdinStream: SpdyStream | undefined;
  let resizeStream: SpdyStream | undefined;
  const pendingResizes: TerminalSize[] = [];
  const onResize = (size: TerminalSize) => {
    if (resizeStream) resizeStream.write(Buffer.from(JSON.stringify({ Width: size.width, Height: size.height })));
    else pendingResizes.push(size);
  };
  const onStdin = (chunk: Buffer | string) => stdinStream?.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const onStdinEnd = () => stdinStream?.end();
  streams.resize?.on('resize', onResize);
  try {
    const c = (conn = await spdyConnect(await url, PROTOCOL));
    // The server waits for exactly the streams the CRI request announced.
    const [error, stdin, stdout, stderr, resize] = await Promise.all([
      c.openStream({ streamtype: 'error' }),
      streams.stdin ? c.openStream({ streamtype: 'stdin' }) : undefined,
      streams.stdout ? c.openStream({ streamtype: 'stdout' }) : undefined,
      streams.stderr && !streams.tty ? c.openStream({ streamtype: 'stderr' }) : undefined,
      streams.tty ? c.openStream({ streamtype: 'resize' }) : undefined,
    ]);
    let statusText = '';
    error.on('data', (d: Buffer) => (statusText += d.toString('utf8')));
    const pipeOut = (from: SpdyStream | undefined, to: NodeJS.WritableStream | undefined) => {
      from?.on('data', (data: Buffer) => {
        // Let a slow reader slow the container down instead of buffering without bound.
        if (to && !to.write(data)) {
          c.pause();
          to.once('drain', () => c.resume());
        }
      });
    };
    pipeOut(stdout, streams.stdout);
    pipeOut(stderr, streams.stderr);

    resizeStream = resize;
    for (const size of pendingResizes.splice(0)) onResize(size);
    stdinStream = stdin;
    streams.stdin?.on('data', onStdin);
    if (streams.stdin?.readableEnded) onStdinEnd();
    else streams.stdin?.once('end', onStdinEnd);

    // All output precedes the Status on the one TCP connection, so the end of the error
    // stream (or of the connection) means the session is complete.
    await new Promise<void>((resolve) => {
      if (error.ended) return resolve();
      error.once('end', resolve);
      c.once('goaway', resolve);
    });
    if (!statusText) throw new Error(`stream closed before the command reported an exit status${c.error ? `: ${c.error.message}` : ''}`);
    return exitCodeFromStatus(statusText);
  } finally {
    streams.resize?.off('resize', onResize);
    streams.stdin?.off('data', onStdin);
    streams.stdin?.off('end', onStdinEnd);
    conn?.close();
  }
}
