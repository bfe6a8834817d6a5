import { randomUUID } from "node:crypto";
import { clock } from "../shared/clock.ts";
import type { ScheduleSpec } from "./template/accessors.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./template/types.ts";

export interface Scheduler {
  stop(): void;
  /** Each rule's next due time, for the health endpoint and tests. */
  next(): { rule: string; dueAt: string }[];
  /** Resolves when no scheduled invocation is running. */
  idle(): Promise<void>;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period of a `rate(n unit)` expression in ms; `cron(...)` is refused. */
export function ratePeriodMs(expression: string, rule: string): number {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  const unit = match?.[2]?.replace(/s$/, "");
  const period = unit ? UNIT_MS[unit] : undefined;
  if (!match || !period) {
    throw new Error(
      `schedule ${rule}: "${expression}" is not supported locally; use rate(n minutes|hours|days)`,
    );
  }
  return Number(match[1]) * period;
}

/**
 * Runs the template's schedules on the shared clock. A rule fires when its due time passes,
 * whether by real time or by a clock advance; after firing, the next due time is one period
 * after now. So a large advance fires a rule once, not once per missed period: the sweep
 * catches up on everything that is overdue in one run anyway.
 */
export function startSchedules(
  schedules: readonly ScheduleSpec[],
  invoke: (functionLogicalId: string, event: unknown) => Promise<unknown>,
  opts: { tickMs?: number } = {},
): Scheduler {
  const rules = schedules
    .filter((s) => s.enabled)
    .map((s) => {
      const period = ratePeriodMs(s.expression, s.logicalId);
      return { spec: s, period, dueAt: clock.nowMs() + period, running: false };
    });

  const inFlight = new Set<Promise<unknown>>();
  const check = (now: number) => {
    for (const rule of rules) {
      if (rule.running || now < rule.dueAt) continue;
      rule.running = true;
      rule.dueAt = now + rule.period;
      const event = {
        version: "0",
        id: randomUUID(),
        "detail-type": "Scheduled Event",
        source: "aws.events",
        account: LOCAL_ACCOUNT,
        time: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
        region: LOCAL_REGION,
        resources: [rule.spec.ruleArn],
        detail: {},
      };
      const run = Promise.all(
        rule.spec.functionLogicalIds.map((fn) =>
          invoke(fn, event).catch((error: unknown) => {
            console.error(`schedule ${rule.spec.logicalId} → ${fn} failed:`, error);
          }),
        ),
      ).finally(() => {
        rule.running = false;
        inFlight.delete(run);
      });
      inFlight.add(run);
    }
  };

  const timer = setInterval(() => check(clock.nowMs()), opts.tickMs ?? 1000);
  timer.unref();
  const unsubscribe = clock.onAdvance(check);
  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    next: () =>
      rules.map((r) => ({ rule: r.spec.logicalId, dueAt: new Date(r.dueAt).toISOString() })),
  };
}
