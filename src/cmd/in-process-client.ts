// A client of the API server in this process, under its own user name: what each component
// of `k8ts up` uses, exactly as it would talk to the API server from another machine.

import { Client, InProcessTransport } from '../client/index.js';
import type { ApiServer } from '../apiserver/server.js';

export function inProcessClient(server: ApiServer, username: string, groups: string[] = []): Client {
  return new Client(new InProcessTransport(server.httpServer, { username, groups }, { userAgent: `${username}/k8ts` }));
}
