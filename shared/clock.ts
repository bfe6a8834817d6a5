/**
 * The one source of "now" for domain code, handlers and the local runtime.
 *
 * On AWS it is the system clock. On the local stack the offset can be moved forward
 * (POST /_local/clock) so that deadlines, reminders, Wait states and task timeouts are
 * testable without waiting. The stack's own process (HTTP server, Step Functions runtime,
 * schedules) keeps the offset here; each local Lambda instance is a process of its own, whose
 * bootstrap publishes the stack's offset under OFFSET before every invocation.
 */
type Listener = (nowMs: number) => void;

let offsetMs = 0;
const listeners = new Set<Listener>();
/** Set only by the local Lambda bootstrap (local/lambda/bootstrap.ts); absent on AWS. */
const OFFSET = Symbol.for("project8.clock.offsetMs");

function currentOffset(): number {
  const published = (globalThis as Record<symbol, unknown>)[OFFSET];
  return typeof published === "number" ? published : offsetMs;
}

export const clock = {
  /** Milliseconds since the epoch, including the controllable offset. */
  nowMs(): number {
    return Date.now() + currentOffset();
  },
  now(): Date {
    return new Date(clock.nowMs());
  },
  /** ISO-8601 UTC string, the only format times are stored in. */
  iso(): string {
    return clock.now().toISOString();
  },
  offsetMs(): number {
    return currentOffset();
  },
  /** Moves the clock forward (never backward) and notifies timers. Local stack only. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("clock can only move forward");
    offsetMs += ms;
    const now = clock.nowMs();
    for (const l of listeners) l(now);
    return now;
  },
  /**
   * Restores a persisted offset at start-up (local stack only). It may be negative when the
   * stack was started at a fixed instant in the past (LOCAL_CLOCK_START), as tests do.
   */
  setOffset(ms: number): void {
    offsetMs = ms;
  },
  onAdvance(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
