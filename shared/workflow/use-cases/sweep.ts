import { marksAfter, reminderAction } from "../../review/domain/reminders.ts";
import type { TaskStore } from "../../review/ports.ts";
import { mailTask, type TaskMailPorts } from "../../review/use-cases/task-mail.ts";
import type { Outbox } from "../ports.ts";
import { type RepairPorts, type RepairReport, repairExecutions } from "./repair.ts";

export interface SweepReport {
  signalsDelivered: number;
  repair: RepairReport;
  notified: number;
  reminded: number;
  escalated: number;
}

/** The ports of the sweep: the outbox, the open tasks, the timetable and the mails. */
export interface SweepPorts extends TaskMailPorts, RepairPorts {
  outbox: Pick<Outbox, "drain">;
  tasks: Pick<TaskStore, "dueBefore" | "mark">;
}

/** How many open tasks one sweep looks at (the next sweep takes the rest). */
const SWEEP_BATCH = 200;

/**
 * The scheduled sweep (EventBridge rule; the local stack runs it on the controllable clock).
 * 1. deliver workflow messages left in the outbox by a crash, then repair the proposals whose
 *    state needs an execution that is not running (repair.ts);
 * 2. for each open review task: send the assignment mail that failed, remind before the due
 *    date, escalate to the unit lead, then to the province; once each, recorded on the task
 *    only when every mail went out (so a failed send is retried by the next sweep).
 */
export async function sweep(ports: SweepPorts, nowIso: string): Promise<SweepReport> {
  const signalsDelivered = await ports.outbox.drain();
  const report: SweepReport = {
    signalsDelivered,
    repair: await repairExecutions(ports, nowIso),
    notified: 0,
    reminded: 0,
    escalated: 0,
  };
  const nowMs = Date.parse(nowIso);
  // Every open task whose due date is before the far end of the reminder window, plus the
  // ones still waiting for their first notification (their due date is in the future).
  const horizon = new Date(nowMs + 365 * 24 * 3_600_000).toISOString();
  const open = await ports.tasks.dueBefore("OPEN", horizon, SWEEP_BATCH);
  // The timetable is data (admin-editable); each mail carries per-recipient links.
  const settings = await ports.settings.current();
  for (const t of open) {
    const action = reminderAction(t, nowMs, settings);
    if (!action) continue;
    if (!(await mailTask(ports, action, t, nowIso, { settings }))) continue;
    await ports.tasks.mark(t.id, marksAfter(action, t, nowIso));
    if (action === "notify") report.notified++;
    else if (action === "remind") report.reminded++;
    else report.escalated++;
  }
  return report;
}
