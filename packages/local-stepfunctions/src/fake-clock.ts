import type { RuntimeClock } from "./scheduler.ts";

/** A clock that only moves when told to: for tests of Wait states, timeouts and back-off. */
export class FakeClock implements RuntimeClock {
  private listeners = new Set<(nowMs: number) => void>();
  constructor(private now = Date.UTC(2026, 0, 1)) {}
  nowMs(): number {
    return this.now;
  }
  onAdvance(cb: (nowMs: number) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  advance(ms: number): number {
    this.now += ms;
    for (const l of this.listeners) l(this.now);
    return this.now;
  }
}
