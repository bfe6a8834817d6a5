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
  verifyReview: defineFunction({
    id: "VerifyReviewOutcome",
    entry: "functions/workflow/verify-review.ts",
    grants: { data: "read" },
    description:
      "Re-reads the task and the proposal after the review's callback; fails closed when they disagree",
  }),
  recordFailure: defineFunction({
    id: "RecordWorkflowFailure",
    entry: "functions/workflow/record-failure.ts",
    grants: { data: "readwrite", audit: "append", mail: true },
    description:
      "Records a failed step on the proposal and tells the reviewing unit's lead and the province",
  }),
  expireReview: defineFunction({
    id: "ExpireReviewTask",
    entry: "functions/workflow/expire-review-task.ts",
    // mail: the escalation goes to the unit lead, then the province (with decision links).
    grants: { data: "readwrite", audit: "append", mail: true },
    description:
      "Escalates a review that ran past its timeout (unit lead, then province); the workflow waits again",
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
    // start: the outbox may hold a submission's start, and the repair resumes executions;
    // describe: the repair checks whether an execution still runs.
    grants: {
      data: "readwrite",
      deletes: true,
      audit: "append",
      mail: true,
      sfn: ["start", "signal", "describe"],
    },
    timeoutSeconds: 60,
    schedule: "rate(5 minutes)",
    description:
      "Delivers outbox signals, repairs proposals left without an execution, reminds, escalates",
  }),
  communeNotices: defineFunction({
    id: "NotifyCommunes",
    entry: "functions/schedule/notify-communes.ts",
    // audit read: the events of the notice types (byType index); data: the proposal, the
    // commune's officers, the markers of what was told (deletes: a failed send gives it back).
    grants: { data: "readwrite", deletes: true, audit: "read", mail: true },
    timeoutSeconds: 60,
    schedule: "rate(1 minute)",
    description:
      "Tells communes that a proposal was returned (with the comment), rejected, approved or paid",
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
  auditDigest: defineFunction({
    // The id the key policies name (infra/key-users.ts derives them from these grants).
    id: "PublishAuditDigest",
    entry: "functions/schedule/publish-audit-digest.ts",
    grants: { audit: "read", auditDigest: "publish" },
    // The first digest reads every stream of the table once.
    timeoutSeconds: 300,
    // One run at a time: two would race for the same digest number.
    reservedConcurrency: 1,
    schedule: "rate(1 hour)",
    description:
      "Signs the heads of the audit streams that changed in the last hour (KMS) and writes the digest to the Object Lock bucket",
  }),
};

/**
 * Functions the Cognito user pool invokes (in the data stack, next to the pool: a function with
 * the pool's id in its environment would be a cycle). Not run on the local stack, whose token
 * issuer writes the same claims (local/identity.ts).
 */
export const TRIGGER_FUNCTIONS = {
  preTokenGeneration: defineFunction({
    id: "PreTokenGeneration",
    entry: "functions/auth/pre-token-generation.ts",
    grants: { userMfa: true },
    timeoutSeconds: 5,
    description:
      "Adds the MFA claim (p8_mfa: totp | none) to the ID token of a user in a privileged group",
  }),
};
