// Wiring a spawned command to the streams of an exec session, and waiting for its status.

import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { ExecStreams, TerminalSize } from '../types.js';
import { resizePty } from './tty.js';

/** 128 + signal number for a killed process, as shells and container runtimes report it. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? constants.signals[signal] : 0);
}

/** Connects `child` (spawned with three pipes) to `streams`; resolves with its exit status once its output is drained. */
export function wireExec(child: ChildProcess, streams: ExecStreams): Promise<number> {
  const { stdin, stdout, stderr } = streams;
  if (stdin && child.stdin) {
    child.stdin.on('error', () => { /* the command exited without reading all of it */ });
    stdin.pipe(child.stdin);
  } else {
    child.stdin?.end();
  }
  child.stdout?.on('data', (b: Buffer) => stdout?.write(b));
  child.stderr?.on('data', (b: Buffer) => (streams.tty ? stdout : stderr)?.write(b));
  if (streams.tty && streams.resize && child.pid) {
    const pid = child.pid;
    const onResize = (size: TerminalSize) => void resizePty(pid, size);
    streams.resize.on('resize', onResize);
    child.on('exit', () => streams.resize?.off('resize', onResize));
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (stdin && child.stdin) stdin.unpipe(child.stdin);
      resolve(exitStatus(code, signal));
    });
  });
}
