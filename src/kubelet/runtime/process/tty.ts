// Terminals without a native pty binding: util-linux `script` runs the command on a new
// pseudo-terminal and relays it over plain pipes. A resize is applied from outside with
// `stty -F` on that terminal (found as the stdin of script's child), which makes the kernel
// send SIGWINCH to the program, as a real terminal would.

import { readFile, readlink } from 'node:fs/promises';
import { runTool } from '../../network/exec-file.js';
import type { TerminalSize } from '../types.js';
import { shq } from './shell.js';
import { SCRIPT } from './tools.js';

/** argv that runs `argv` on a pty and exits with its status. */
export function onPty(argv: string[]): string[] {
  return [SCRIPT, '-qfec', `exec ${argv.map(shq).join(' ')}`, '/dev/null'];
}

/** The pty of the program `script` (pid) started, once it has started. */
async function ptyOf(scriptPid: number): Promise<string | undefined> {
  try {
    const children = (await readFile(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
    for (const child of children) {
      const tty = await readlink(`/proc/${child}/fd/0`);
      if (tty.startsWith('/dev/pts/')) return tty;
    }
  } catch { /* gone */ }
  return undefined;
}

export async function resizePty(scriptPid: number, size: TerminalSize): Promise<void> {
  // The program may not have started yet when the first size arrives (kubectl sends it at once).
  for (let i = 0; i < 50; i++) {
    const tty = await ptyOf(scriptPid);
    if (tty) {
      await runTool('stty', ['-F', tty, 'rows', String(size.height), 'cols', String(size.width)]);
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
