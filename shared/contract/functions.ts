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
    // signal: a retried OpenReview hands an earlier decision to its new token.
    grants: { data: "readwrite", audit: "append", mail: true, sfn: ["signal"] },
    description: "Opens the review task for the commune's reviewing unit and mails its approvers",
  }),
  expireReview: defineFunction({
    id: "ExpireReviewTask",
    entry: "functions/workflow/expire-review-task.ts",
    grants: { data: "readwrite", audit: "append" },
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
    // signal: a proposal already paid in full ends the wait at once.
    grants: { data: "readwrite", audit: "append", mail: true, sfn: ["signal"] },
    description: "Waits for finance to pay the approved amount; tells finance it is due",
  }),
};

export const SCHEDULED_FUNCTIONS = {
  sweep: defineFunction({
    id: "Sweep",
    entry: "functions/schedule/sweep.ts",
    // start: the outbox may hold a submission's start of its execution.
    grants: {
      data: "readwrite",
      deletes: true,
      audit: "append",
      mail: true,
      sfn: ["signal", "start"],
    },
    timeoutSeconds: 60,
    schedule: "rate(5 minutes)",
    description: "Delivers outbox signals, reminds, escalates",
  }),
};
