// Runs one probe of a container (upstream's prober.runProbe): exec through the runtime,
// httpGet or tcpSocket against the pod IP (or the probe's host). A probe that cannot be run
// (no pod IP, unknown port, an unsupported handler) is tried three times, then throws.

import type { Container, Probe } from '../../api/core/types.js';
import type { Runtime } from '../runtime/types.js';
import { probeExec } from './exec.js';
import { probeHTTP } from './http.js';
import type { Outcome } from './outcome.js';
import { resolvePort } from './ports.js';
import { probeTCP } from './tcp.js';

const MAX_TRIES = 3;

export interface ProbeSubject {
  container: Container;
  containerId: string;
  podIP: string | undefined;
}

function hostOf(explicit: string | undefined, podIP: string | undefined): string {
  const host = explicit || podIP;
  if (!host) throw new Error('the pod has no IP yet');
  return host;
}

function runOnce(runtime: Runtime, probe: Probe, s: ProbeSubject): Promise<Outcome> {
  const timeoutSeconds = probe.timeoutSeconds || 1;
  if (probe.exec) return probeExec(runtime, s.containerId, probe.exec.command ?? [], timeoutSeconds);
  if (probe.httpGet) {
    const h = probe.httpGet;
    return probeHTTP({
      scheme: h.scheme || 'HTTP',
      host: hostOf(h.host, s.podIP),
      port: resolvePort(h.port, s.container),
      path: h.path ?? '',
      headers: h.httpHeaders ?? [],
      timeoutMs: timeoutSeconds * 1000,
    });
  }
  if (probe.tcpSocket) return probeTCP(hostOf(probe.tcpSocket.host, s.podIP), resolvePort(probe.tcpSocket.port, s.container), timeoutSeconds * 1000);
  throw new Error('missing probe handler (only exec, httpGet and tcpSocket are supported)');
}

export async function runProbe(runtime: Runtime, probe: Probe, s: ProbeSubject): Promise<Outcome> {
  let lastError: unknown;
  for (let i = 0; i < MAX_TRIES; i++) {
    try {
      return await runOnce(runtime, probe, s);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}
