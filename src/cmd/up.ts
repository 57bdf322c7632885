// `k8ts up` / `k8ts server`: start, say how to use it, run until Ctrl-C or SIGTERM, then
// stop cleanly (the store is closed so nothing acknowledged is lost).

import type { ControllerOptions } from '../controllers/context.js';
import { inProcessCredentials, startAgent, type AgentConfig } from './agent.js';
import { startComponents } from './components.js';
import { startControlPlane, type ControlPlaneOptions } from './control-plane.js';

export interface UpOptions extends Omit<ControlPlaneOptions, 'progress'> {
  mode: 'up' | 'server';
  controllers: ControllerOptions;
  /** Simulated nodes to run in this process (`up` only). */
  simulatedNodes: number;
  /** The node agent to run in this process (`up` only, unless --disable-agent). */
  agent?: AgentConfig;
}

function progress(msg: string): void {
  process.stdout.write(`k8ts: ${msg}\n`);
}

export async function runUp(o: UpOptions): Promise<void> {
  const started = Date.now();
  progress(`starting (${o.mode}) with data directory ${o.dataDir}`);
  let cp;
  try {
    cp = await startControlPlane({ ...o, progress });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new Error(`port ${o.httpsPort} is in use: is another k8ts running? Choose another with --https-listen-port`);
    if (err.code === 'EACCES') throw new Error(`no permission for ${o.dataDir} or port ${o.httpsPort}: choose --data-dir or run as root`);
    throw e;
  }
  const components = await startComponents(cp.server, { controllers: o.controllers, simulatedNodes: o.mode === 'up' ? o.simulatedNodes : 0, progress });
  const agent = o.agent ? await startAgent(inProcessCredentials(cp.server, cp.pki, o.agent.nodeName), o.dataDir, o.agent, progress) : undefined;
  progress(`API server ready at ${cp.url} (${Date.now() - started} ms)`);
  progress(`kubeconfig: ${cp.kubeconfigPath}`);
  const kc = o.writeKubeconfig ? ` --kubeconfig ${cp.kubeconfigPath}` : ' --context k8ts';
  progress(`try: kubectl${kc} get namespaces`);
  progress('press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      progress(`${signal}: stopping`);
      Promise.resolve(agent?.stop())
        .then(() => components.stop())
        .then(() => cp.stop())
        .then(resolve, (e) => {
          process.stderr.write(`k8ts: error while stopping: ${(e as Error).message}\n`);
          resolve();
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  progress('stopped');
  // Everything is stopped and the store closed; idle keep-alive sockets and timers of the
  // in-process clients must not keep the process around.
  process.exit(0);
}
