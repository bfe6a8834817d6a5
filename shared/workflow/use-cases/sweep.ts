import { markTask, tasksDueBefore } from "../../review/adapters/dynamo-task-store.ts";
import { type ReminderAction, reminderAction } from "../../review/domain/reminders.ts";
import type { ReviewTask } from "../../review/domain/task.ts";
import { mailTask } from "../../review/use-cases/email-links.ts";
import { reviewSettings } from "../../review/use-cases/review-settings.ts";
import { drainOutbox } from "../adapters/outbox.ts";

export interface SweepReport {
  signalsDelivered: number;
  notified: number;
  reminded: number;
  escalated: number;
}

const PATCH: Record<ReminderAction, (t: ReviewTask, at: string) => Record<string, unknown>> = {
  notify: (_t, at) => ({ notifiedAt: at }),
  remind: (t, at) => ({ remindersSent: t.remindersSent + 1, lastReminderAt: at }),
  escalate_lead: (_t, at) => ({ escalationLevel: 1, priority: "high", escalatedAt: at }),
  escalate_province: (_t, at) => ({ escalationLevel: 2, priority: "high", escalatedAt: at }),
};

/**
 * The scheduled sweep (EventBridge rule; the local stack runs it on the controllable clock).
 * 1. deliver workflow signals left in the outbox by a crash;
 * 2. for open review tasks due within the reminder window: notify / remind / escalate once.
 */
export async function sweep(nowIso: string): Promise<SweepReport> {
  const report: SweepReport = {
    signalsDelivered: await drainOutbox(),
    notified: 0,
    reminded: 0,
    escalated: 0,
  };
  const nowMs = Date.parse(nowIso);
  // Every open task whose due date is before the far end of the reminder window, plus the
  // ones still waiting for their first notification (their due date is in the future).
  const horizon = new Date(nowMs + 365 * 24 * 3_600_000).toISOString();
  const open = await tasksDueBefore("OPEN", horizon, 200);
  // The timetable is data (admin-editable); each mail carries per-recipient links.
  const policy = await reviewSettings();
  for (const t of open) {
    const action = reminderAction(t, nowMs, policy);
    if (!action) continue;
    const sent = await mailTask(action, t, nowIso);
    if (!sent) continue;
    await markTask(t.id, PATCH[action](t, nowIso));
    if (action === "notify") report.notified++;
    else if (action === "remind") report.reminded++;
    else report.escalated++;
  }
  return report;
}
