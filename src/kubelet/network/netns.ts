// Named network namespaces (`ip netns`), one per pod sandbox: `/run/netns/<name>` is what
// CNI_NETNS and `nsenter --net=` are given.

import { readdir } from 'node:fs/promises';
import { mustRun, runTool } from './exec-file.js';

const NETNS_DIR = '/run/netns';

export function netnsPath(name: string): string {
  return `${NETNS_DIR}/${name}`;
}

/** Creates the namespace and brings its `lo` up (the CNI chain does not; containerd does it itself too). */
export async function addNetns(name: string): Promise<void> {
  await mustRun('ip', ['netns', 'add', name]);
  try {
    await mustRun('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  } catch (e) {
    await deleteNetns(name);
    throw e;
  }
}

/** Tolerates a namespace that is already gone. */
export async function deleteNetns(name: string): Promise<void> {
  const r = await runTool('ip', ['netns', 'delete', name]);
  if (r.code !== 0 && !/No such file|Invalid argument|not found/i.test(r.stderr)) {
    throw new Error(`ip netns delete ${name}: ${r.stderr.trim()}`);
  }
}

export async function listNetns(prefix: string): Promise<string[]> {
  try {
    return (await readdir(NETNS_DIR)).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}
