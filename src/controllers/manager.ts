// The controller manager: runs the controllers, as kube-controller-manager does, once this
// instance holds the `kube-controller-manager` Lease (so several servers can run one each
// and only one acts). Controllers share one informer factory: one list+watch per resource.

import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { EventRecorder } from '../client/events.js';
import { LeaderElector, SharedInformerFactory, type Client } from '../client/index.js';
import { logger } from '../machinery/log.js';
import type { Controller, ControllerContext, ControllerOptions } from './context.js';

const log = logger('controller-manager');

export class ControllerManager {
  private elector?: LeaderElector;
  private running?: { informers: SharedInformerFactory; controllers: Controller[] };

  constructor(
    private readonly client: Client,
    private readonly options: ControllerOptions,
    private readonly makeControllers: () => Controller[],
  ) {}

  start(): void {
    this.elector = new LeaderElector({
      client: this.client,
      namespace: 'kube-system',
      name: 'kube-controller-manager',
      identity: `${os.hostname()}_${randomBytes(8).toString('hex')}`,
      onStartedLeading: () => void this.run(),
      onStoppedLeading: () => void this.halt(),
    });
    this.elector.start();
  }

  /** Starts every controller, then the informers they registered. */
  private run(): void {
    const informers = new SharedInformerFactory();
    const ctx: ControllerContext = {
      client: this.client,
      informers,
      recorder: (component) => new EventRecorder(this.client, component, os.hostname()),
      options: this.options,
    };
    const controllers = this.makeControllers();
    for (const c of controllers) {
      c.start(ctx);
      log.info('started controller', { controller: c.name });
    }
    informers.start();
    this.running = { informers, controllers };
  }

  private async halt(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    await Promise.all(r.controllers.map((c) => c.stop()));
    await r.informers.stop();
  }

  async stop(): Promise<void> {
    await this.halt();
    await this.elector?.stop();
  }
}
