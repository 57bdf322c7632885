// exec and attach over the Kubernetes WebSocket channel protocol (`v5.channel.k8s.io`, and
// `v4.channel.k8s.io` for clients such as python's): each binary message starts with its
// channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5 adds 255 "close stream"), the
// status channel carries a metav1.Status at the end, and only requested channels are written.

import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ExecStreams } from '../runtime/types.js';

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;

export interface StreamRequest {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Reads upstream's boolean query parameters (`1`, `true`, `True`). */
export function streamRequest(q: URLSearchParams): StreamRequest {
  const flag = (name: string) => /^(1|true)$/i.test(q.get(name) ?? '');
  const tty = flag('tty');
  return { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr') && !tty, tty };
}

function channelWriter(ws: WebSocket, channel: number): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (ws.readyState !== ws.OPEN) return done();
      ws.send(Buffer.concat([Buffer.from([channel]), chunk]), { binary: true }, () => done());
    },
  });
}

/** The streams of one session, fed from and written to the WebSocket. */
export function sessionStreams(ws: WebSocket, req: StreamRequest): ExecStreams {
  const stdin = req.stdin ? new PassThrough() : undefined;
  const resize = new EventEmitter();
  ws.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDIN) stdin?.write(payload);
    else if (channel === CLOSE && payload[0] === STDIN) stdin?.end();
    else if (channel === RESIZE) {
      try {
        const size = JSON.parse(payload.toString()) as { Width?: number; Height?: number };
        resize.emit('resize', { width: size.Width ?? 0, height: size.Height ?? 0 });
      } catch {
        // A malformed resize is ignored, as upstream's decoder drops it.
      }
    }
  });
  const stdout = req.stdout ? channelWriter(ws, STDOUT) : undefined;
  const stderr = req.stderr ? channelWriter(ws, STDERR) : undefined;
  // A gone client closes every stream, so that an attach waiting on its output ends too.
  ws.on('close', () => {
    stdin?.end();
    stdout?.destroy();
    stderr?.destroy();
  });
  return {
    stdin,
    stdout,
    stderr,
    tty: req.tty,
    resize,
  };
}

/** Sends the final status (success, a non-zero exit code, or an error) and closes. */
export function finish(ws: WebSocket, outcome: { exitCode: number } | { error: string }): void {
  let status: Record<string, unknown>;
  if ('error' in outcome) status = { metadata: {}, status: 'Failure', message: outcome.error, reason: 'InternalError', code: 500 };
  else if (outcome.exitCode === 0) status = { metadata: {}, status: 'Success' };
  else {
    status = {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [], exit code ${outcome.exitCode}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
    };
  }
  if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([STATUS]), Buffer.from(JSON.stringify(status))]), { binary: true }, () => ws.close(1000));
}
