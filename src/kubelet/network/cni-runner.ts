// Runs the CNI plugins of a conflist ourselves (no libcni): each plugin binary from the bin
// dir gets its config on stdin and the CNI_* variables; ADD goes through the chain in order
// handing each plugin the previous result, DEL goes in reverse. Plugins that declare the
// portMappings capability get the pod's host ports as runtimeConfig.

import { CNI_BIN_DIR } from './cni-config.js';
import { runTool } from './exec-file.js';
import type { PortMapping } from '../runtime/types.js';

export interface CniRunnerOptions {
  conflist: Record<string, unknown>;
  binDir?: string;
  /**
   * A network namespace (path) standing in for the host's: the plugins run inside it, so the
   * bridge, the host ends of the veths, the masquerade and hostPort rules are made there.
   */
  hostNetns?: string;
}

export interface CniAttachment {
  containerId: string;
  netns: string;
  ifName?: string;
  portMappings: PortMapping[];
}

export interface CniAddResult {
  /** The pod's IPv4 address, without its prefix length. */
  ip: string;
  /** The final result of the chain, kept to hand back to DEL (CNI 0.4.0 passes it as prevResult). */
  result: Record<string, unknown>;
}

interface PluginConf extends Record<string, unknown> {
  type: string;
  capabilities?: Record<string, boolean>;
}

export class CniRunner {
  private readonly binDir: string;

  constructor(private readonly opts: CniRunnerOptions) {
    this.binDir = opts.binDir ?? CNI_BIN_DIR;
  }

  async add(a: CniAttachment): Promise<CniAddResult> {
    let prev: Record<string, unknown> | undefined;
    for (const plugin of this.plugins()) prev = await this.invoke('ADD', plugin, a, prev);
    if (!prev) throw new Error('CNI conflist has no plugins');
    return { ip: podIP(prev), result: prev };
  }

  /** Runs every plugin's DEL even when one fails (partial ADD, namespace already gone), then reports the failures. */
  async del(a: CniAttachment, prevResult?: Record<string, unknown>): Promise<void> {
    const errors: string[] = [];
    for (const plugin of this.plugins().reverse()) {
      try {
        await this.invoke('DEL', plugin, a, prevResult);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (errors.length) throw new Error(errors.join('; '));
  }

  private plugins(): PluginConf[] {
    const plugins = this.opts.conflist.plugins;
    if (!Array.isArray(plugins)) throw new Error('CNI conflist has no plugins array');
    return plugins as PluginConf[];
  }

  private async invoke(
    command: 'ADD' | 'DEL',
    plugin: PluginConf,
    a: CniAttachment,
    prevResult: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown>> {
    const conf: Record<string, unknown> = { ...plugin, cniVersion: this.opts.conflist.cniVersion, name: this.opts.conflist.name };
    if (prevResult) conf.prevResult = prevResult;
    if (plugin.capabilities?.portMappings && a.portMappings.length) {
      conf.runtimeConfig = { portMappings: a.portMappings.map(cniPortMapping) };
    }
    const env = {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      CNI_COMMAND: command,
      CNI_CONTAINERID: a.containerId,
      CNI_NETNS: a.netns,
      CNI_IFNAME: a.ifName ?? 'eth0',
      CNI_PATH: this.binDir,
    };
    const bin = `${this.binDir}/${plugin.type}`;
    const [file, args] = this.opts.hostNetns ? ['nsenter', [`--net=${this.opts.hostNetns}`, '--', bin]] : [bin, []];
    const r = await runTool(file, args, { input: JSON.stringify(conf), env });
    if (r.code !== 0) throw new Error(`CNI ${plugin.type} ${command}: ${pluginError(r.stdout, r.stderr)}`);
    if (command === 'DEL' || !r.stdout.trim()) return prevResult ?? {};
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }
}

function cniPortMapping(p: PortMapping): Record<string, unknown> {
  return { hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol.toLowerCase(), ...(p.hostIP ? { hostIP: p.hostIP } : {}) };
}

/** Plugins report failures as `{code, msg, details}` on stdout. */
function pluginError(stdout: string, stderr: string): string {
  try {
    const e = JSON.parse(stdout) as { msg?: string; details?: string };
    if (e.msg) return e.details ? `${e.msg}: ${e.details}` : e.msg;
  } catch { /* not JSON */ }
  return (stderr || stdout).trim();
}

/** The first IPv4 address on an interface inside the sandbox (the one with a `sandbox` path). */
export function podIP(result: Record<string, unknown>): string {
  const ips = (result.ips ?? []) as { version?: string; address: string; interface?: number }[];
  const ifaces = (result.interfaces ?? []) as { sandbox?: string }[];
  const v4 = ips.filter((i) => i.version === '4' || (!i.version && !i.address.includes(':')));
  const inSandbox = v4.find((i) => i.interface !== undefined && ifaces[i.interface]?.sandbox);
  const chosen = inSandbox ?? v4[0];
  if (!chosen) throw new Error(`CNI result has no IPv4 address: ${JSON.stringify(result)}`);
  return chosen.address.split('/')[0]!;
}
