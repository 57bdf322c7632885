// Started by runtime-process.test.ts as an unprivileged user (uid 65534): runs a pod with
// the process runtime's no-root fallback and prints what it saw as one JSON line.
// argv: <stateDir> <mountPath>

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createProcessRuntime } from '../../src/kubelet/runtime/process/index.js';

const [stateDir, mountPath] = process.argv.slice(2) as [string, string];
const rt = await createProcessRuntime({ stateDir, nodeIP: '192.0.2.10', podCIDR: '10.99.0.0/24' });
const sandbox = {
  name: 'rootless', namespace: 'default', uid: 'rootless', attempt: 0, hostname: 'rootless', logDirectory: `${stateDir}/logs`,
  hostNetwork: false, portMappings: [], cgroupParent: '/k8ts-rootless', labels: {}, annotations: {},
};
mkdirSync(`${stateDir}/vol`);
writeFileSync(`${stateDir}/vol/file`, 'from the volume\n');
const sandboxId = await rt.runPodSandbox(sandbox);
const id = await rt.createContainer(sandboxId, {
  name: 'c', attempt: 0, image: 'busybox', command: ['sh', '-c'], args: [`cat file; pwd; echo $$; exec sleep 1000`], env: [],
  mounts: [{ containerPath: mountPath, hostPath: `${stateDir}/vol`, readOnly: true }], logPath: 'c/0.log', workingDir: mountPath,
  stdin: false, stdinOnce: false, tty: false, resources: { cpuQuota: 0, cpuPeriod: 100000, cpuShares: 0, memoryLimitBytes: 0 },
  labels: {}, annotations: {},
}, sandbox);
await rt.startContainer(id);
const exec = await rt.execSync(id, ['sh', '-c', 'ls; touch x 2>/dev/null || echo read-only'], 5);
const log = () => readFileSync(`${stateDir}/logs/c/0.log`, 'utf8');
for (let i = 0; i < 100 && log().split('\n').length < 4; i++) await new Promise((r) => setTimeout(r, 20));
const out = {
  status: await rt.status(),
  ip: (await rt.podSandboxStatus(sandboxId))?.ip,
  log: log().split('\n').filter(Boolean).map((l) => l.replace(/^\S+ \S+ F /, '')),
  exec: { code: exec.exitCode, stdout: exec.stdout.toString(), stderr: exec.stderr.toString() },
};
await rt.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
