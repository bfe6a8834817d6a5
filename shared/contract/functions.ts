/**
 * Functions without a route: the lifecycle state machine's tasks and the scheduled jobs.
 * Declared here once, with their grants; the CDK app creates them, the state machine invokes
 * them, the local stack runs them from the template.
 */
import { defineFunction } from "./define.ts";

export const WORKFLOW_FUNCTIONS = {
  openReview: defineFunction({
    id: "OpenReviewTask",
    entry: "functions/workflow/open-review-task.ts",
    grants: { data: "readwrite", audit: "append", mail: true },
    description: "Opens the review task for the commune's reviewing unit and mails its approvers",
  }),
  expireReview: defineFunction({
    id: "ExpireReviewTask",
    entry: "functions/workflow/expire-review-task.ts",
    grants: { data: "readwrite", audit: "append", mail: true },
    description: "Ends a review that ran past its timeout",
  }),
  checkNorms: defineFunction({
    id: "CheckNorms",
    entry: "functions/workflow/check-norms.ts",
    grants: { data: "readwrite", audit: "append" },
    description: "Checks the approved proposal against the norms in force and reserves its amounts",
  }),
  openDisbursement: defineFunction({
    id: "OpenDisbursement",
    entry: "functions/workflow/open-disbursement.ts",
    grants: { data: "readwrite", audit: "append", mail: true },
    description: "Waits for finance to pay the approved amount; tells finance it is due",
  }),
};

export const SCHEDULED_FUNCTIONS = {
  sweep: defineFunction({
    id: "Sweep",
    entry: "functions/schedule/sweep.ts",
    grants: { data: "readwrite", audit: "append", mail: true, sfn: ["signal"] },
    timeoutSeconds: 60,
    schedule: "rate(5 minutes)",
    description: "Delivers outbox signals, reminds, escalates",
  }),
  monitoringReminders: defineFunction({
    id: "MonitoringReminders",
    entry: "functions/schedule/monitoring-reminders.ts",
    grants: { data: "readwrite", mail: true },
    timeoutSeconds: 120,
    schedule: "rate(1 hour)",
    description:
      "Reminds units of periodic reports falling due, tells them when overdue, escalates to the level above",
  }),
};
