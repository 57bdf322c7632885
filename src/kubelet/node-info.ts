// What the kubelet reports about its machine (cadvisor's MachineInfo and the CRI's version,
// as kubelet_node_status.go's setters read them): capacity, and nodeInfo from the real kernel,
// /etc/os-release, /etc/machine-id and the boot id.

import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import type { Runtime } from './runtime/types.js';

export const KUBELET_VERSION = 'v1.32.0-k8ts';
export const MAX_PODS = 110;

/** Go's GOARCH names for Node's process.arch, as the kubernetes.io/arch label and nodeInfo carry them. */
const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function goArch(): string {
  return GO_ARCH[process.arch] ?? process.arch;
}

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** PRETTY_NAME of /etc/os-release, unquoted; `Linux` when there is none (as cadvisor falls back). */
export function prettyName(osRelease: string): string {
  const line = osRelease.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
  if (!line) return 'Linux';
  return line.slice('PRETTY_NAME='.length).trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** cpu, memory, pods and ephemeral-storage (the size of the filesystem holding rootDir). */
export async function machineCapacity(rootDir: string): Promise<Record<string, string>> {
  const fs = await statfs(rootDir);
  return {
    cpu: String(os.cpus().length),
    'ephemeral-storage': `${Math.floor((fs.blocks * fs.bsize) / 1024)}Ki`,
    memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
    pods: String(MAX_PODS),
  };
}

/** Every field of NodeSystemInfo: the python client refuses a node whose nodeInfo lacks one. */
export async function nodeSystemInfo(runtime: Runtime): Promise<Record<string, string>> {
  const [machineID, bootID, osRelease, version, productUUID] = await Promise.all([
    readTrimmed('/etc/machine-id'),
    readTrimmed('/proc/sys/kernel/random/boot_id'),
    readTrimmed('/etc/os-release'),
    // A runtime that is down still gets its Node registered (NotReady, see node-status.ts).
    runtime.version().catch(() => ({ runtimeName: runtime.name, runtimeVersion: 'unknown' })),
    readTrimmed('/sys/class/dmi/id/product_uuid'),
  ]);
  return {
    machineID,
    systemUUID: productUUID || machineID,
    bootID,
    kernelVersion: os.release(),
    osImage: prettyName(osRelease),
    containerRuntimeVersion: `${runtime.name}://${version.runtimeVersion}`,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: '',
    operatingSystem: 'linux',
    architecture: goArch(),
  };
}
