// Commands run inside a running container (kubectl exec, exec probes, lifecycle hooks):
// spawned in its cgroup and entered into its namespaces, root and working directory.

import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { ExecResult, ExecStreams } from '../types.js';
import type { ProcessContainer } from './container.js';
import { execCommand } from './launch.js';
import { wireExec } from './stdio.js';
import { onPty } from './tty.js';

function spawnIn(c: ProcessContainer, cmd: string[]) {
  const ctx = c.execContext!;
  const [file, args] = execCommand({ ...ctx.spec, pid: c.pid!, cmd });
  return spawn(file, args, { env: ctx.env, cwd: '/', detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function execStreaming(c: ProcessContainer, cmd: string[], streams: ExecStreams): Promise<number> {
  return wireExec(spawnIn(c, streams.tty ? onPty(cmd) : cmd), streams);
}

/** Runs to completion with output collected; a command still running after the timeout is killed and reported. */
export async function execSync(c: ProcessContainer, cmd: string[], timeoutSeconds: number): Promise<ExecResult> {
  const child = spawnIn(c, cmd);
  const stdout = collect();
  const stderr = collect();
  let timedOut = false;
  const timer = timeoutSeconds > 0
    ? setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutSeconds * 1000)
    : undefined;
  const exitCode = await wireExec(child, { stdout: stdout.stream, stderr: stderr.stream, tty: false });
  clearTimeout(timer);
  if (timedOut) throw new Error(`command ${JSON.stringify(cmd)} timed out after ${timeoutSeconds}s`);
  return { exitCode, stdout: stdout.data(), stderr: stderr.data() };
}

function collect() {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (b: Buffer) => chunks.push(b));
  return { stream, data: () => Buffer.concat(chunks) };
}
