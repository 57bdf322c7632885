// One timer for the periodic work of thousands of simulated nodes: each node sits in a
// random slot of a wheel that turns once per period, so renewals are spread evenly over the
// period (the jitter) and a tick hands over a whole batch instead of firing a timer per node.

const TICK_MS = 100;

export class TimingWheel {
  private readonly slots: string[][];
  private readonly tickMs: number;
  private cursor = 0;
  private timer?: NodeJS.Timeout;

  constructor(periodMs: number, private readonly onDue: (names: readonly string[]) => void) {
    const count = Math.max(1, Math.round(periodMs / TICK_MS));
    this.tickMs = periodMs / count;
    this.slots = Array.from({ length: count }, () => []);
  }

  add(name: string): void {
    this.slots[Math.floor(Math.random() * this.slots.length)].push(name);
  }

  start(): void {
    this.timer ??= setInterval(() => {
      const due = this.slots[this.cursor];
      this.cursor = (this.cursor + 1) % this.slots.length;
      if (due.length > 0) this.onDue(due);
    }, this.tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
