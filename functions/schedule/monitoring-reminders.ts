import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import {
  dynamoReminderStore,
  dynamoReportStore,
} from "../../shared/monitoring/adapters/dynamo-monitoring-stores.ts";
import { mailReportNotices } from "../../shared/monitoring/adapters/mail-report-notices.ts";
import { localDate } from "../../shared/monitoring/domain/periods.ts";
import { sweepReportReminders } from "../../shared/monitoring/use-cases/reminders.ts";

const ports = {
  directory: dynamoDirectory,
  reports: dynamoReportStore,
  reminders: dynamoReminderStore,
  notices: mailReportNotices,
};

/** Scheduled hourly: periodic reports falling due, overdue, escalated (each step once). */
export const { handler, lambdaHandler } = taskHandler(
  "MonitoringReminders",
  z.unknown(),
  (_event, at) => sweepReportReminders(ports, localDate(at)),
);
