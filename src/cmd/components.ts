// The components that run beside the API server in one process: the controller manager,
// the scheduler and (with --simulated-nodes) simulated kubelets. Each talks to the API server only
// through its own client over the in-process transport, under its own user name, exactly
// as it would from another machine.

import { SharedInformerFactory } from '../client/index.js';
import { inProcessClient } from './in-process-client.js';
import { SimulatedNodes } from '../kubelet/hollow/index.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { defaultControllers } from '../controllers/all.js';
import type { ControllerOptions } from '../controllers/context.js';
import { ControllerManager } from '../controllers/manager.js';
import type { ApiServer } from '../apiserver/server.js';

export interface ComponentOptions {
  controllers: ControllerOptions;
  simulatedNodes: number;
  progress: (msg: string) => void;
}

export interface Components {
  stop(): Promise<void>;
}

export async function startComponents(server: ApiServer, o: ComponentOptions): Promise<Components> {
  o.progress('starting the controller manager');
  const manager = new ControllerManager(inProcessClient(server, 'system:kube-controller-manager'), o.controllers, defaultControllers);
  manager.start();
  o.progress('starting the scheduler');
  const scheduler = new Scheduler({ client: inProcessClient(server, 'system:kube-scheduler'), informers: new SharedInformerFactory() });
  await scheduler.start();
  let sim: SimulatedNodes | undefined;
  if (o.simulatedNodes > 0) {
    o.progress(`registering ${o.simulatedNodes} simulated nodes`);
    const step = Math.max(1, Math.round(o.simulatedNodes / 10));
    sim = new SimulatedNodes({
      client: inProcessClient(server, 'system:node:simulated', ['system:nodes']),
      informers: new SharedInformerFactory(),
      count: o.simulatedNodes,
      onProgress: (done, total) => {
        if (done % step === 0 || done === total) o.progress(`registered ${done}/${total} simulated nodes`);
      },
    });
    await sim.start();
  }
  return {
    async stop() {
      await sim?.stop();
      await scheduler.stop();
      await manager.stop();
    },
  };
}
