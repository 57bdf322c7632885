// `kubectl logs` from the CRI log files the runtimes write: the lines of one container
// instance, optionally the last N, since a time, with their timestamps, followed while the
// container runs. Partial (`P`) records are joined into their line.

import { open, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ContainerStatus, Runtime } from '../runtime/types.js';

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
  /** Only lines at or after this time (ms since the epoch). */
  sinceMs?: number;
  limitBytes?: number;
}

interface LogLine {
  time: string;
  text: string;
}

/** Parses whole records; returns the lines and how many bytes it consumed. */
export function parseCriLog(data: string, carry: { partial: string }): { lines: LogLine[]; used: number } {
  const lines: LogLine[] = [];
  let used = 0;
  for (let nl = data.indexOf('\n', used); nl >= 0; nl = data.indexOf('\n', used)) {
    const record = data.slice(used, nl);
    used = nl + 1;
    const m = /^(\S+) (stdout|stderr) ([PF]) (.*)$/s.exec(record);
    if (!m) continue;
    if (m[3] === 'P') {
      carry.partial += m[4];
      continue;
    }
    lines.push({ time: m[1], text: carry.partial + m[4] });
    carry.partial = '';
  }
  return { lines, used };
}

const FOLLOW_POLL_MS = 100;

export async function streamLogs(runtime: Runtime, container: ContainerStatus, o: LogOptions, out: Writable): Promise<void> {
  const file = await open(container.logPath, 'r').catch(() => undefined);
  if (!file) return;
  let budget = o.limitBytes ?? Infinity;
  const emit = (l: LogLine): boolean => {
    if (o.sinceMs !== undefined && Date.parse(l.time) < o.sinceMs) return true;
    const text = `${o.timestamps ? `${l.time} ` : ''}${l.text}\n`;
    const chunk = Buffer.from(text).subarray(0, Math.max(0, budget));
    budget -= chunk.length;
    if (chunk.length) out.write(chunk);
    return budget > 0 && !out.destroyed;
  };
  try {
    const carry = { partial: '' };
    let offset = 0;
    let pending = '';
    const readMore = async (): Promise<LogLine[]> => {
      const { size } = await stat(container.logPath);
      if (size <= offset) return [];
      const buf = Buffer.alloc(size - offset);
      const { bytesRead } = await file.read(buf, 0, buf.length, offset);
      offset += bytesRead;
      pending += buf.subarray(0, bytesRead).toString('utf8');
      const { lines, used } = parseCriLog(pending, carry);
      pending = pending.slice(used);
      return lines;
    };
    let first = await readMore();
    if (o.tailLines !== undefined) first = o.tailLines <= 0 ? [] : first.slice(-o.tailLines);
    for (const l of first) if (!emit(l)) return;
    while (o.follow && !out.destroyed) {
      const lines = await readMore();
      for (const l of lines) if (!emit(l)) return;
      if (lines.length === 0) {
        const now = await runtime.containerStatus(container.id);
        // Upstream stops following once the container has exited and its log is drained.
        if (!now || now.state === 'EXITED' || now.state === 'UNKNOWN') {
          for (const l of await readMore()) if (!emit(l)) return;
          return;
        }
        await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
      }
    }
  } finally {
    await file.close();
  }
}
