#!/usr/bin/env node
// The k8ts command: `up` runs a whole cluster in this process, `server` the control plane.

import { Command, InvalidArgumentError } from 'commander';
import { setVerbosity } from '../machinery/log.js';
import { defaultDataDir } from './control-plane.js';
import { runUp } from './up.js';

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of seconds');
  return n;
}

const program = new Command('k8ts').description('Kubernetes, implemented in TypeScript').version('0.1.0');

for (const [name, description] of [
  ['up', 'run a single-node cluster in the foreground'],
  ['server', 'run the control plane (API server and its store) in the foreground'],
] as const) {
  program
    .command(name)
    .description(description)
    .option('--data-dir <dir>', 'where the store, certificates and kubeconfig live', defaultDataDir())
    .option('--https-listen-port <port>', 'API server port', port, 6443)
    .option('--bind-address <addr>', 'address the API server listens on', '127.0.0.1')
    .option('--write-kubeconfig <file>', 'write the admin kubeconfig here and leave ~/.kube/config alone')
    .option('--insecure-http', 'serve plain HTTP without authentication (development only)', false)
    .option('--default-not-ready-toleration-seconds <s>', 'how long new pods tolerate a not-ready node', seconds, 300)
    .option('--default-unreachable-toleration-seconds <s>', 'how long new pods tolerate an unreachable node', seconds, 300)
    .option('-v, --verbose', 'more logs (repeat for debug)', (_: string, n: number) => n + 1, 0)
    .action(async (o) => {
      setVerbosity(o.verbose);
      await runUp({
        mode: name,
        dataDir: o.dataDir,
        bindAddress: o.bindAddress,
        httpsPort: o.httpsListenPort,
        insecureHttp: o.insecureHttp,
        writeKubeconfig: o.writeKubeconfig,
        tolerations: { notReadySeconds: o.defaultNotReadyTolerationSeconds, unreachableSeconds: o.defaultUnreachableTolerationSeconds },
      });
    });
}

program.parseAsync(process.argv).catch((e: Error) => {
  process.stderr.write(`k8ts: ${e.message}\n`);
  process.exit(1);
});
