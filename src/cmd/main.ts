#!/usr/bin/env node
// The k8ts command: `up` runs a whole cluster in this process, `server` the control plane,
// `sim-nodes` simulated nodes joining a running cluster.

import os from 'node:os';
import { Command } from 'commander';
import { DEFAULT_CONTROLLER_OPTIONS } from '../controllers/context.js';
import { setVerbosity } from '../machinery/log.js';
import { imageCatalog } from './agent.js';
import { defaultDataDir } from './control-plane.js';
import { formatImages } from './images.js';
import { cidr, count, duration, port, runtimeName } from './flags.js';
import { labelFlag, runSimNodes } from './sim-nodes.js';
import { runUp } from './up.js';

const program = new Command('k8ts').description('Kubernetes, implemented in TypeScript').version('0.1.0');

for (const [name, description] of [
  ['up', 'run a single-node cluster in the foreground'],
  ['server', 'run the control plane (API server and its store) in the foreground'],
] as const) {
  const cmd = program.command(name).description(description);
  // Simulated nodes join the whole-cluster mode; `server` is the control plane alone.
  if (name === 'up') {
    cmd
      .option('--simulated-nodes <n>', 'also run N simulated nodes (as kwok does), for trying things at scale', count, 0)
      .option('--disable-agent', 'run no node agent (kubelet) in this process', false)
      .option('--runtime <name>', 'container runtime of the node: containerd or process (default: containerd when found, else process)', runtimeName)
      .option('--node-name <name>', 'name of this node', os.hostname().toLowerCase())
      .option('--node-ip <addr>', 'address of this node (default: its first non-loopback IPv4 address)')
      .option('--kubelet-port <port>', 'port of the kubelet API (logs, exec, port-forward; 0 = any free port)', port, 10250);
  }
  cmd
    .option('--cluster-cidr <cidr>', 'pod addresses of the cluster, cut into one subnet per node', cidr, '10.42.0.0/16')
    .option('--node-cidr-mask-size <bits>', "prefix length of each node's pod subnet", count, DEFAULT_CONTROLLER_OPTIONS.nodeCIDRMaskSize)
    .option('--data-dir <dir>', 'where the store, certificates and kubeconfig live', defaultDataDir())
    .option('--https-listen-port <port>', 'API server port', port, 6443)
    .option('--bind-address <addr>', 'address the API server listens on', '127.0.0.1')
    .option('--write-kubeconfig <file>', 'write the admin kubeconfig here and leave ~/.kube/config alone')
    .option('--insecure-http', 'serve plain HTTP without authentication (development only)', false)
    .option('--default-not-ready-toleration-seconds <s>', 'how long new pods tolerate a not-ready node', count, 300)
    .option('--default-unreachable-toleration-seconds <s>', 'how long new pods tolerate an unreachable node', count, 300)
    .option('--node-monitor-grace-period <duration>', 'how long a node may miss heartbeats before it is marked unreachable', duration, DEFAULT_CONTROLLER_OPTIONS.nodeMonitorGracePeriodSeconds)
    .option('--terminated-pod-gc-threshold <n>', 'terminated pods kept before the oldest are deleted', count, DEFAULT_CONTROLLER_OPTIONS.terminatedPodGCThreshold)
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
        controllers: {
          ...DEFAULT_CONTROLLER_OPTIONS,
          nodeMonitorGracePeriodSeconds: o.nodeMonitorGracePeriod,
          terminatedPodGCThreshold: o.terminatedPodGcThreshold,
          clusterCIDR: o.clusterCidr,
          nodeCIDRMaskSize: o.nodeCidrMaskSize,
        },
        simulatedNodes: o.simulatedNodes ?? 0,
        agent:
          name === 'up' && !o.disableAgent
            ? { runtime: o.runtime, nodeName: o.nodeName, nodeIP: o.nodeIp, kubeletPort: o.kubeletPort, clusterCIDR: o.clusterCidr }
            : undefined,
      });
    });
}

program
  .command('sim-nodes')
  .description('run simulated nodes (as kwok does) against a running cluster')
  .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster to join')
  .requiredOption('--count <n>', 'how many nodes', count)
  .option('--name-prefix <prefix>', 'nodes are named <prefix>0, <prefix>1, …', 'sim-node-')
  .option('--cpu <quantity>', 'CPU capacity of each node', '32')
  .option('--memory <quantity>', 'memory capacity of each node', '256Gi')
  .option('--pods <n>', 'pod capacity of each node', '110')
  .option('--label <key=value>', 'a label for every node (repeatable)', labelFlag, {})
  .option('-v, --verbose', 'more logs (repeat for debug)', (_: string, n: number) => n + 1, 0)
  .action(async (o) => {
    setVerbosity(o.verbose);
    await runSimNodes({ kubeconfig: o.kubeconfig, count: o.count, namePrefix: o.namePrefix, cpu: o.cpu, memory: o.memory, pods: o.pods, labels: o.label });
  });

const images = program.command('images').description("the node's container images (its runtime's, as `k3s ctr images` shows them)");
images
  .command('import <file>')
  .description('load an OCI or docker-archive tarball into the node runtime')
  .option('--data-dir <dir>', 'data directory of the running k8ts', defaultDataDir())
  .action(async (file: string, o) => {
    for (const name of await imageCatalog(o.dataDir).importImage(file)) process.stdout.write(`imported ${name}\n`);
    process.exit(0);
  });
images
  .command('ls')
  .description('list the images the node runtime has')
  .option('--data-dir <dir>', 'data directory of the running k8ts', defaultDataDir())
  .action(async (o) => {
    process.stdout.write(formatImages(await imageCatalog(o.dataDir).listImages()));
    process.exit(0);
  });

program.parseAsync(process.argv).catch((e: Error) => {
  process.stderr.write(`k8ts: ${e.message}\n`);
  process.exit(1);
});
