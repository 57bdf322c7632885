// The components that run beside the API server in one process: the controller manager
// (and, as they land, the scheduler and simulated nodes). Each talks to the API server only
// through its own client over the in-process transport, under its own user name, exactly
// as it would from another machine.

import { Client, InProcessTransport } from '../client/index.js';
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

function inProcessClient(server: ApiServer, username: string, groups: string[] = []): Client {
  return new Client(new InProcessTransport(server.httpServer, { username, groups }, { userAgent: `${username}/k8ts` }));
}

export async function startComponents(server: ApiServer, o: ComponentOptions): Promise<Components> {
  o.progress('starting the controller manager');
  const manager = new ControllerManager(inProcessClient(server, 'system:kube-controller-manager'), o.controllers, defaultControllers);
  manager.start();
  return {
    async stop() {
      await manager.stop();
    },
  };
}
