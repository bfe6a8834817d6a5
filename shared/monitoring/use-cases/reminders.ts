import type { Unit } from "../../directory/ports.ts";
import { NATION_ID } from "../../kernel/types.ts";
import { lastEndedPeriod, type PeriodKind, reportDueOn } from "../domain/periods.ts";
import { type ReportReminderStep, reportReminderStep } from "../domain/reminders.ts";
import type { ReportStatus } from "../domain/report.ts";
import type { ReminderStore, ReportNotices, ReportStore } from "../ports.ts";
import type { PlaceDirectory } from "./places.ts";

export interface ReminderPorts {
  directory: PlaceDirectory;
  reports: Pick<ReportStore, "ofParent">;
  reminders: ReminderStore;
  notices: ReportNotices;
}

export interface ReminderReport {
  due: number;
  overdue: number;
  escalated: number;
}

/** Whom each step tells: the unit; then the unit with the level above in copy; then the level above. */
function recipients(step: ReportReminderStep, u: Unit): { unitIds: string[]; roles: string[] } {
  if (u.kind === "commune") {
    if (step === "due") return { unitIds: [u.id], roles: ["commune_officer"] };
    if (step === "overdue")
      return {
        unitIds: [u.id, ...(u.reviewUnitId ? [u.reviewUnitId] : [])],
        roles: ["commune_officer", "unit_lead"],
      };
    return { unitIds: [u.provinceId], roles: ["province_officer"] };
  }
  if (step === "escalated") return { unitIds: [NATION_ID], roles: ["central_officer"] };
  return { unitIds: [u.id], roles: ["province_officer"] };
}

const KINDS: readonly PeriodKind[] = ["quarter", "half", "year"];

/**
 * The scheduled reminder sweep, for the last ended quarter, half and year:
 * 1. for each province: its communes' reports and its own (one Query per partition), and the
 *    reminder steps already sent;
 * 2. each unit whose report is not submitted gets the step it has reached (due, overdue,
 *    escalated), once: the step is recorded after the mail went out (a failed mail is retried by
 *    the next run); at most `limit` mails per run, the next run goes on.
 */
export async function sweepReportReminders(
  ports: ReminderPorts,
  today: string,
  limit = 200,
): Promise<ReminderReport> {
  const out: ReminderReport = { due: 0, overdue: 0, escalated: 0 };
  let budget = limit;
  const provinces = await ports.directory.provinces();
  for (const kind of KINDS) {
    const period = lastEndedPeriod(today, kind);
    const dueOn = reportDueOn(period);
    const provinceReports = new Map(
      (await ports.reports.ofParent(NATION_ID, period.id)).map((r) => [r.unitId, r]),
    );
    for (const province of provinces) {
      if (budget <= 0) return out;
      const communes = (await ports.directory.listUnits(province.id)).filter(
        (u) => u.kind === "commune",
      );
      const reports = new Map(
        (await ports.reports.ofParent(province.id, period.id)).map((r) => [r.unitId, r]),
      );
      const units: [Unit, ReportStatus | undefined][] = [
        ...communes.map((c): [Unit, ReportStatus | undefined] => [c, reports.get(c.id)?.status]),
        [province, provinceReports.get(province.id)?.status],
      ];
      const sent = await ports.reminders.sent(
        period.id,
        units.map(([u]) => u.id),
      );
      for (const [u, status] of units) {
        if (budget <= 0) return out;
        const before = sent.get(u.id);
        const step = reportReminderStep(period, today, status, before);
        if (!step) continue;
        budget--;
        const ok = await ports.notices.remind(
          step,
          {
            unitId: u.id,
            unitName: u.nameVi,
            level: u.kind === "commune" ? "commune" : "province",
            period: period.id,
            dueOn,
          },
          recipients(step, u),
        );
        if (!ok) continue;
        if (await ports.reminders.mark(period.id, u.id, before, step, today)) out[step]++;
      }
    }
  }
  return out;
}
