import { config } from "../../config.ts";
import { usersOfUnit } from "../../directory/adapters/dynamo-directory.ts";
import type { Role } from "../../kernel/types.ts";
import { sesMailer } from "../../notifications/adapters/mailer.ts";
import { trySend } from "../../notifications/use-cases/notify.ts";
import { reportReminderMail } from "../domain/reminder-mail.ts";
import type { ReportNotices } from "../ports.ts";

/** Report reminders by mail (SES) to the users of the named units with the named roles. */
export const mailReportNotices: ReportNotices = {
  async remind(step, report, to) {
    const users = (
      await Promise.all(to.unitIds.map((u) => usersOfUnit(u, to.roles as Role[])))
    ).flat();
    const emails = [...new Set(users.map((u) => u.email).filter(Boolean))];
    const link = `${config.appBaseUrl}/app/monitoring/reports/${encodeURIComponent(report.unitId)}/${encodeURIComponent(report.period)}`;
    return trySend(
      sesMailer,
      reportReminderMail(
        step,
        { unitName: report.unitName, period: report.period, dueOn: report.dueOn, link },
        emails,
      ),
      `report.${step}`,
      `${report.unitId}/${report.period}`,
    );
  },
};
