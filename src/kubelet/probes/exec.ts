// exec probes: the command in the container through the runtime; exit 0 is success, and the
// command's output is the failure message. A command still running at the timeout fails the
// probe (upstream's ExecProbeTimeout, on by default since 1.20).

import type { Runtime } from '../runtime/types.js';
import { failure, success, type Outcome } from './outcome.js';

export async function probeExec(runtime: Runtime, containerId: string, command: string[], timeoutSeconds: number): Promise<Outcome> {
  const started = Date.now();
  try {
    const r = await runtime.execSync(containerId, command, timeoutSeconds);
    const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
    return r.exitCode === 0 ? success(output) : failure(output);
  } catch (e) {
    // Runtimes reject a command they killed at the deadline; any other rejection is an error of the prober.
    if (Date.now() - started >= timeoutSeconds * 1000) return failure(`command "${command.join(' ')}" timed out`);
    throw e;
  }
}
