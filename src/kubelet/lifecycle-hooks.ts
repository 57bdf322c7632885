// postStart and preStop handlers (pkg/kubelet/lifecycle/handlers.go): exec in the container,
// an HTTP GET against the pod, or a sleep. A failure comes back as the message upstream
// records in its FailedPostStartHook / FailedPreStopHook event.

import type { Container, Handler, Pod } from '../api/core/types.js';
import type { Runtime } from './runtime/types.js';

export interface HookTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  podIP?: string;
}

/** A named port resolves through the container's ports, as probes' do. */
function resolvePort(port: number | string | undefined, c: Container): number {
  if (typeof port === 'number') return port;
  if (port && /^\d+$/.test(port)) return Number(port);
  const found = (c.ports ?? []).find((p) => p.name === port);
  if (!found?.containerPort) throw new Error(`couldn't find port: ${port} in ${c.name}`);
  return found.containerPort;
}

async function httpGet(h: NonNullable<Handler['httpGet']>, t: HookTarget, timeoutMs: number): Promise<void> {
  const host = h.host || t.podIP;
  if (!host) throw new Error('the pod has no IP to send the HTTP lifecycle hook to');
  const scheme = (h.scheme ?? 'HTTP').toLowerCase();
  const p = h.path ?? '/';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${resolvePort(h.port, t.container)}${p.startsWith('/') ? p : `/${p}`}`;
  const headers = Object.fromEntries((h.httpHeaders ?? []).map((x) => [x.name, x.value]));
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  if (res.status < 200 || res.status >= 400) throw new Error(`HTTP lifecycle hook returned status ${res.status}`);
}

/** Runs `handler` within `timeoutSeconds`; resolves with undefined on success, else the failure message. */
export async function runHook(runtime: Runtime, handler: Handler, t: HookTarget, timeoutSeconds: number): Promise<string | undefined> {
  const podName = `${t.pod.metadata?.name}_${t.pod.metadata?.namespace}(${t.pod.metadata?.uid})`;
  try {
    if (handler.exec) {
      const cmd = handler.exec.command ?? [];
      const r = await runtime.execSync(t.containerId, cmd, timeoutSeconds);
      if (r.exitCode === 0) return undefined;
      const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
      return `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${t.container.name}" in Pod "${podName}" failed - error: command '${cmd.join(' ')}' exited with ${r.exitCode}: ${output}, message: "${output}"`;
    }
    if (handler.httpGet) {
      await httpGet(handler.httpGet, t, timeoutSeconds * 1000);
      return undefined;
    }
    if (handler.sleep) {
      await new Promise((r) => setTimeout(r, Math.min(handler.sleep!.seconds ?? 0, timeoutSeconds) * 1000));
      return undefined;
    }
    return undefined;
  } catch (e) {
    const kind = handler.httpGet ? 'HTTP' : 'Exec';
    return `${kind} lifecycle hook for Container "${t.container.name}" in Pod "${podName}" failed - error: ${(e as Error).message}`;
  }
}
