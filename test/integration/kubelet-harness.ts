// Runs the Kubelet against a real in-process API server with the fake runtime, on fast
// timings (heartbeats, PLEG, back-off), for the kubelet integration tests.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pod } from '../../src/api/core/types.js';
import { Client, HttpsTransport, SharedInformerFactory } from '../../src/client/index.js';
import { Kubelet, type KubeletOptions } from '../../src/kubelet/index.js';
import { FakeRuntime } from '../../src/kubelet/runtime/fake/index.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

export const NODE = 'kubelet-test-node';
export const NODE_IP = '192.0.2.10';
export const BACKOFF_BASE_MS = 400;

export interface KubeletHarness {
  srv: TestServer;
  client: Client;
  runtime: FakeRuntime;
  kubelet: Kubelet;
  rootDir: string;
  /** Stops the kubelet and starts a new one on the same runtime and API, as a restarted kubelet. */
  restartKubelet(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKubelet(extra: Partial<KubeletOptions> = {}): Promise<KubeletHarness> {
  const srv = await startServer();
  const client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'k8ts-kubelet-'));
  // The default log directory is beside rootDir (<rootDir>/../pods-logs): both inside scratch.
  // The kubelet makes rootDir itself.
  const rootDir = path.join(scratch, 'root');
  const runtime = new FakeRuntime();
  let informers = new SharedInformerFactory();
  const make = () =>
    new Kubelet({
      client,
      informers,
      runtime,
      nodeName: NODE,
      nodeIP: NODE_IP,
      podCIDR: '10.88.0.0/24',
      kubeletPort: 10250,
      rootDir,
      clusterDNS: '10.43.0.10',
      timing: { heartbeatMs: 200, plegMs: 50, retryMs: 200, resyncMs: 5000, backoffBaseMs: BACKOFF_BASE_MS, backoffMaxMs: 60_000, staticPollMs: 200 },
      ...extra,
    });
  const h: KubeletHarness = {
    srv,
    client,
    runtime,
    kubelet: make(),
    rootDir,
    async restartKubelet() {
      await h.kubelet.stop();
      await informers.stop();
      informers = new SharedInformerFactory();
      h.kubelet = make();
      await h.kubelet.start();
    },
    async stop() {
      await h.kubelet.stop();
      await informers.stop();
      await runtime.close();
      client.close();
      await srv.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
  await h.kubelet.start();
  return h;
}

export function podOn(name: string, spec: Record<string, unknown>, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { nodeName: NODE, ...spec } };
}

/** Waits for the pod to satisfy `ok`, returning it. */
export async function podWhere(client: Client, name: string, ok: (p: Pod) => boolean, ms = 5000, what = `${name} as expected`, namespace = 'default'): Promise<Pod> {
  return (await eventually(async () => {
    const p = await client.pods.get(namespace, name);
    return ok(p) ? p : undefined;
  }, ms, what))!;
}

/** The Events recorded about the object with this uid, as `reason: message` lines. */
export async function eventsOf(client: Client, uid: string, namespace = 'default'): Promise<string[]> {
  const list = await client.events.list(namespace);
  return list.items.filter((e) => e.involvedObject?.uid === uid).map((e) => `${e.reason}: ${e.message}`);
}

/**
 * Waits until the object's Events include a line equal to (or matching) each of `expected` —
 * events are written in the background, so they may land a little after what caused them.
 */
export async function eventsWith(client: Client, uid: string, expected: (string | RegExp)[], ms = 3000): Promise<string[]> {
  const has = (lines: string[], e: string | RegExp) => lines.some((l) => (typeof e === 'string' ? l === e : e.test(l)));
  let lines: string[] = [];
  try {
    await eventually(async () => {
      lines = await eventsOf(client, uid);
      return expected.every((e) => has(lines, e));
    }, ms, 'events');
  } catch {
    throw new Error(`missing events ${expected.filter((e) => !has(lines, e)).join(', ')}; recorded:\n${lines.join('\n')}`);
  }
  return lines;
}
