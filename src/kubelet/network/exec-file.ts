// Runs a helper program to completion with optional stdin, collecting its output; rejects
// with its stderr when it fails, so the caller's error says what the tool said.

import { spawn } from 'node:child_process';

export interface ExecFileResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runTool(file: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ExecFileResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code: code ?? 128 + (signal ? 9 : 0), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.on('error', () => { /* the tool may exit without reading its input */ });
    child.stdin.end(opts.input ?? '');
  });
}

export async function mustRun(file: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await runTool(file, args, opts);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${r.code}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}
