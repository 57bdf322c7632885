// Started by runtime-process.test.ts and killed with SIGKILL: leaves a pod sandbox (netns,
// CNI lease, cgroup) and a running container behind for the next runtime to clear.
// argv: <stateDir> <podCIDR> <hostNetns> <cgroupParent>

import { createProcessRuntime } from '../../src/kubelet/runtime/process/index.js';

const [stateDir, podCIDR, hostNetns, cgroupParent] = process.argv.slice(2) as [string, string, string, string];
const rt = await createProcessRuntime({ stateDir, nodeIP: '192.0.2.10', podCIDR, hostNetns });
const sandbox = {
  name: 'orphan', namespace: 'default', uid: 'orphan', attempt: 0, hostname: 'orphan', logDirectory: `${stateDir}/logs`,
  hostNetwork: false, portMappings: [], cgroupParent, labels: {}, annotations: {},
};
const sandboxId = await rt.runPodSandbox(sandbox);
const id = await rt.createContainer(sandboxId, {
  name: 'sleeper', attempt: 0, image: 'busybox', command: ['sleep'], args: ['1000'], env: [], mounts: [], logPath: 'sleeper/0.log',
  stdin: false, stdinOnce: false, tty: false, resources: { cpuQuota: 0, cpuPeriod: 100000, cpuShares: 0, memoryLimitBytes: 16 << 20 },
  labels: {}, annotations: {},
}, sandbox);
await rt.startContainer(id);
const pid = (await import('node:fs')).readFileSync(`${stateDir}/containers/${id}.json`, 'utf8');
process.stdout.write(`${JSON.stringify({ sandboxId, pid: JSON.parse(pid).pid })}\n`);
setInterval(() => undefined, 1000);
