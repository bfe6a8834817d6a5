/**
 * The one source of "now" for domain code, handlers and the local runtime.
 *
 * On AWS it is the system clock. On the local stack the offset can be moved forward
 * (POST /_local/clock) so that deadlines, reminders, Wait states and task timeouts are
 * testable without waiting. Everything runs in one Node process locally, so a module-level
 * offset is shared by the HTTP server, the Step Functions runtime and the handlers.
 */
type Listener = (nowMs: number) => void;

let offsetMs = 0;
const listeners = new Set<Listener>();

export const clock = {
  /** Milliseconds since the epoch, including the controllable offset. */
  nowMs(): number {
    return Date.now() + offsetMs;
  },
  now(): Date {
    return new Date(clock.nowMs());
  },
  /** ISO-8601 UTC string, the only format times are stored in. */
  iso(): string {
    return clock.now().toISOString();
  },
  offsetMs(): number {
    return offsetMs;
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
