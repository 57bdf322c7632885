// Runs controllers against a real in-process API server (plain HTTP, MemoryStore), as the
// controller manager would: a Client over HTTP, a shared informer factory started after the
// controller's start(), and an event recorder.

import { EventRecorder } from '../../src/client/events.js';
import { Client, HttpsTransport, isNotFound, SharedInformerFactory } from '../../src/client/index.js';
import { DEFAULT_CONTROLLER_OPTIONS, type Controller, type ControllerContext, type ControllerOptions } from '../../src/controllers/context.js';
import { startServer, type TestServer } from './apiserver-helpers.js';

export interface ControllerHarness {
  srv: TestServer;
  client: Client;
  ctx: ControllerContext;
  /** Waits for the events recorded so far to be written. */
  flushEvents(): Promise<void>;
  stop(): Promise<void>;
}

/** `beforeInformers` may register its own handlers on the shared informers before they start. */
export async function runController(
  controllers: Controller | Controller[],
  options: Partial<ControllerOptions> = {},
  beforeInformers: (ctx: ControllerContext) => void = () => undefined,
): Promise<ControllerHarness> {
  const list = Array.isArray(controllers) ? controllers : [controllers];
  const srv = await startServer();
  const client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
  const informers = new SharedInformerFactory();
  const recorders: EventRecorder[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component) => {
      const r = new EventRecorder(client, component, 'test');
      recorders.push(r);
      return r;
    },
    options: { ...DEFAULT_CONTROLLER_OPTIONS, workers: 2, ...options },
  };
  for (const c of list) c.start(ctx);
  beforeInformers(ctx);
  informers.start();
  await informers.waitForSync();
  return {
    srv,
    client,
    ctx,
    flushEvents: async () => void (await Promise.all(recorders.map((r) => r.flush()))),
    async stop() {
      for (const c of list) await c.stop();
      await informers.stop();
      await Promise.all(recorders.map((r) => r.flush()));
      client.close();
      await srv.stop();
    },
  };
}

/** True when `get` answers 404: the object is gone. */
export async function gone(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}
