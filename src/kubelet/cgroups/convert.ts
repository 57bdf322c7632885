// The v1 → v2 conversions the kubelet and runc use, so one set of limits means the same on both.

/** cpu.shares (2..262144) → cpu.weight (1..10000). */
export function sharesToWeight(shares: number): number {
  if (shares <= 0) return 100;
  const clamped = Math.min(Math.max(shares, 2), 262144);
  return 1 + Math.floor(((clamped - 2) * 9999) / 262142);
}

/** cpu.max: `<quota> <period>`, with `max` for no quota. */
export function cpuMax(quota: number, period: number): string {
  return `${quota > 0 ? quota : 'max'} ${period > 0 ? period : 100000}`;
}

/** The `oom_kill N` counter of v1 memory.oom_control or v2 memory.events. */
export function oomKillCount(text: string): number {
  const m = /^oom_kill (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}
