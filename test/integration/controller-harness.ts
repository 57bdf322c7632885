// Runs one controller against a real in-process API server (plain HTTP, MemoryStore), as the
// controller manager would: a Client over HTTP, a shared informer factory started after the
// controller's start(), and an event recorder.

import { EventRecorder } from '../../src/client/events.js';
import { Client, HttpsTransport, SharedInformerFactory } from '../../src/client/index.js';
import { DEFAULT_CONTROLLER_OPTIONS, type Controller, type ControllerContext, type ControllerOptions } from '../../src/controllers/context.js';
import { startServer, type TestServer } from './apiserver-helpers.js';

export interface ControllerHarness {
  srv: TestServer;
  client: Client;
  ctx: ControllerContext;
  stop(): Promise<void>;
}

export async function runController(controller: Controller, options: Partial<ControllerOptions> = {}): Promise<ControllerHarness> {
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
  controller.start(ctx);
  informers.start();
  await informers.waitForSync();
  return {
    srv,
    client,
    ctx,
    async stop() {
      await controller.stop();
      await informers.stop();
      await Promise.all(recorders.map((r) => r.flush()));
      client.close();
      await srv.stop();
    },
  };
}
