/**
 * Reminders about periodic reports, escalating as the review reminders do
 * (shared/review/domain/reminders.ts): the unit is reminded before its report falls due, told
 * when it is overdue (with the level above in copy), and after a grace period the level above is
 * asked to follow up (the province for a commune's report, the centre for a province's). One
 * step per sweep per report; the step reached is stored, so each mail goes out once.
 */
import { addDays, type Period, reportDueOn } from "./periods.ts";
import type { ReportStatus } from "./report.ts";

export type ReportReminderStep = "due" | "overdue" | "escalated";

const ORDER: Record<ReportReminderStep, number> = { due: 1, overdue: 2, escalated: 3 };

export interface ReportReminderPolicy {
  /** Days before the due date the unit is reminded. */
  remindBeforeDays: number;
  /** Days after the due date the level above is asked to follow up. */
  escalateAfterDays: number;
  /**
   * Days after the due date the sweep stops looking at a period: by then its escalation went out
   * (a system started mid-programme does not escalate every past period at once).
   */
  stopAfterDays: number;
}

export const DEFAULT_REPORT_REMINDERS: ReportReminderPolicy = {
  remindBeforeDays: 5,
  escalateAfterDays: 7,
  stopAfterDays: 45,
};

/** Done reports need no reminder: submitted or approved. */
const DONE: readonly ReportStatus[] = ["SUBMITTED", "APPROVED"];

/**
 * The reminder to send today (local date) about one unit's report of a period, given its status
 * (undefined: not started) and the last step already sent.
 */
export function reportReminderStep(
  period: Period,
  today: string,
  status: ReportStatus | undefined,
  sent: ReportReminderStep | undefined,
  policy = DEFAULT_REPORT_REMINDERS,
): ReportReminderStep | undefined {
  if (status && DONE.includes(status)) return undefined;
  if (today <= period.to) return undefined;
  const due = reportDueOn(period);
  if (today > addDays(due, policy.stopAfterDays)) return undefined;
  const reached: ReportReminderStep | undefined =
    today > addDays(due, policy.escalateAfterDays)
      ? "escalated"
      : today > due
        ? "overdue"
        : today >= addDays(due, -policy.remindBeforeDays)
          ? "due"
          : undefined;
  if (!reached) return undefined;
  if (sent && ORDER[sent] >= ORDER[reached]) return undefined;
  return reached;
}
