import type { ReviewTask, TaskMarks } from "./task.ts";

/**
 * What the sweep should do for an open review task at `now`: send the assignment mail that
 * failed, remind before the due date, escalate to the unit lead when overdue, then to the
 * province. One action per sweep per task; each is recorded on the task so it happens once.
 */
export type ReminderAction = "notify" | "remind" | "escalate_lead" | "escalate_province";

export interface ReminderPolicy {
  remindBeforeHours: number;
  escalateProvinceAfterHours: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  remindBeforeHours: 24,
  escalateProvinceAfterHours: 48,
};

export function reminderAction(
  t: ReviewTask,
  nowMs: number,
  policy = DEFAULT_REMINDER_POLICY,
): ReminderAction | undefined {
  if (t.status !== "OPEN") return undefined;
  if (!t.notifiedAt) return "notify";
  const due = Date.parse(t.dueAt);
  if (nowMs >= due + policy.escalateProvinceAfterHours * 3_600_000 && t.escalationLevel < 2)
    return "escalate_province";
  if (nowMs >= due && t.escalationLevel < 1) return "escalate_lead";
  if (nowMs >= due - policy.remindBeforeHours * 3_600_000 && nowMs < due && t.remindersSent < 1)
    return "remind";
  return undefined;
}

/** What the sweep records on the task once the action's mail went out, so it happens once. */
export function marksAfter(action: ReminderAction, t: ReviewTask, at: string): TaskMarks {
  switch (action) {
    case "notify":
      return { notifiedAt: at };
    case "remind":
      return { remindersSent: t.remindersSent + 1, lastReminderAt: at };
    case "escalate_lead":
      return { escalationLevel: 1, priority: "high", escalatedAt: at };
    case "escalate_province":
      return { escalationLevel: 2, priority: "high", escalatedAt: at };
  }
}
