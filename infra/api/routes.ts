/**
 * The route table: one row per HTTP route. The CDK app creates one Lambda function per row
 * (through ProjectFunction) with exactly the grants listed; the local stack finds the same
 * routes in the synthesized template. Nothing else declares routes.
 */
import { APPROVER_ROUTES } from "./routes-approver.ts";
import { AUDIT_ROUTES } from "./routes-audit.ts";
import { AUTH_ROUTES } from "./routes-auth.ts";

export type DataAccess = "read" | "readwrite";
export type AuditAccess = "read" | "append";
export type SfnAccess = "start" | "signal" | "describe";

export interface Grants {
  data?: DataAccess;
  /**
   * Deletes data-table items (DeleteItem): outbox entries once delivered, an idempotency key
   * given back after a failed request, the disbursement wait. Only rows whose code does.
   */
  deletes?: boolean;
  /**
   * Records reads of survivors' personal data: PutItem on the data table of the read chain's
   * head item only (its attributes pk, sk, seq, hash), for functions that otherwise only read.
   */
  personalReads?: boolean;
  audit?: AuditAccess;
  sfn?: readonly SfnAccess[];
  /** Sends email (SES). */
  mail?: boolean;
  /** Encrypts / decrypts personal data (KMS key). */
  personalData?: "encrypt" | "decrypt" | "both";
  /** Computes survivors' pseudonyms with the KMS HMAC key (kms:GenerateMac): proposal creation only. */
  pseudonym?: boolean;
}

export interface RouteDef {
  /** Stable id; also the construct id of the function. PascalCase. */
  id: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** API Gateway path, with {param} placeholders. */
  path: string;
  /** Handler module, relative to the project root; exports `handler`. */
  entry: string;
  /** "jwt": behind the JWT authorizer. "none": public (docs, email-link pages that sign in themselves). */
  auth: "jwt" | "none";
  grants: Grants;
}

/** The foundation routes: proposals, review, funding, reference data, docs. */
export const CORE_ROUTES: readonly RouteDef[] = [
  // proposals (commune draft)
  {
    id: "CreateProposal",
    method: "POST",
    path: "/v1/proposals",
    entry: "functions/api/create-proposal.ts",
    auth: "jwt",
    grants: {
      data: "readwrite",
      deletes: true,
      audit: "append",
      personalData: "encrypt",
      pseudonym: true,
    },
  },
  {
    id: "ListProposals",
    method: "GET",
    path: "/v1/proposals",
    entry: "functions/api/list-proposals.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  {
    id: "GetProposal",
    method: "GET",
    path: "/v1/proposals/{id}",
    entry: "functions/api/get-proposal.ts",
    auth: "jwt",
    grants: { data: "read", personalReads: true, audit: "append", personalData: "decrypt" },
  },
  {
    id: "UpdateProposal",
    method: "PUT",
    path: "/v1/proposals/{id}",
    entry: "functions/api/update-proposal.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append", personalData: "encrypt" },
  },
  {
    id: "SubmitProposal",
    method: "POST",
    path: "/v1/proposals/{id}/submit",
    entry: "functions/api/submit-proposal.ts",
    auth: "jwt",
    grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["start"] },
  },
  {
    id: "CancelProposal",
    method: "POST",
    path: "/v1/proposals/{id}/cancel",
    entry: "functions/api/cancel-proposal.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append" },
  },
  {
    id: "PreviewNormCheck",
    method: "POST",
    path: "/v1/proposals/{id}/norm-check",
    entry: "functions/api/preview-norm-check.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  {
    id: "GetProposalHistory",
    method: "GET",
    path: "/v1/proposals/{id}/history",
    entry: "functions/api/get-proposal-history.ts",
    auth: "jwt",
    grants: { data: "read", audit: "read" },
  },
  // review tasks (district review)
  {
    id: "ListTasks",
    method: "GET",
    path: "/v1/tasks",
    entry: "functions/api/list-tasks.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  {
    id: "GetTask",
    method: "GET",
    path: "/v1/tasks/{id}",
    entry: "functions/api/get-task.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  {
    id: "DecideTask",
    method: "POST",
    path: "/v1/tasks/{id}/decision",
    entry: "functions/api/decide-task.ts",
    auth: "jwt",
    grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  },
  // disbursement and monitoring
  {
    id: "RecordDisbursement",
    method: "POST",
    path: "/v1/proposals/{id}/disbursements",
    entry: "functions/api/record-disbursement.ts",
    auth: "jwt",
    grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  },
  {
    id: "FileMonitoringReport",
    method: "POST",
    path: "/v1/proposals/{id}/reports",
    entry: "functions/api/file-monitoring-report.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append" },
  },
  {
    id: "CloseProposal",
    method: "POST",
    path: "/v1/proposals/{id}/close",
    entry: "functions/api/close-proposal.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append" },
  },
  // reference data
  {
    id: "ListNormSets",
    method: "GET",
    path: "/v1/norm-sets",
    entry: "functions/api/list-norm-sets.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  {
    id: "PublishNormSet",
    method: "POST",
    path: "/v1/norm-sets",
    entry: "functions/api/publish-norm-set.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append" },
  },
  {
    id: "ListUnits",
    method: "GET",
    path: "/v1/units",
    entry: "functions/api/list-units.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  // documentation
  {
    id: "GetOpenApi",
    method: "GET",
    path: "/openapi.json",
    entry: "functions/api/get-openapi.ts",
    auth: "none",
    grants: {},
  },
  {
    id: "GetApiReference",
    method: "GET",
    path: "/docs",
    entry: "functions/api/get-api-reference.ts",
    auth: "none",
    grants: {},
  },
];

/**
 * Every route of the API. Capabilities keep their rows in their own files (approver
 * experience, audit, web sign-in) so that they can grow without touching each other.
 */
export const ROUTES: readonly RouteDef[] = [
  ...CORE_ROUTES,
  ...APPROVER_ROUTES,
  ...AUDIT_ROUTES,
  ...AUTH_ROUTES,
];

/** Lambda tasks of the lifecycle state machine and scheduled functions. */
export interface TaskFunctionDef {
  id: string;
  entry: string;
  grants: Grants;
  /** Function timeout in seconds (default 10). */
  timeoutSeconds?: number;
}

export const WORKFLOW_FUNCTIONS = {
  openReview: {
    id: "OpenReviewTask",
    entry: "functions/workflow/open-review-task.ts",
    // signal: a retried OpenReview hands an earlier decision to its new token.
    grants: { data: "readwrite", audit: "append", mail: true, sfn: ["signal"] },
  },
  expireReview: {
    id: "ExpireReviewTask",
    entry: "functions/workflow/expire-review-task.ts",
    grants: { data: "readwrite", audit: "append" },
  },
  checkNorms: {
    id: "CheckNorms",
    entry: "functions/workflow/check-norms.ts",
    grants: { data: "readwrite", audit: "append" },
  },
  openDisbursement: {
    id: "OpenDisbursement",
    entry: "functions/workflow/open-disbursement.ts",
    // signal: a proposal already paid in full ends the wait at once.
    grants: { data: "readwrite", audit: "append", mail: true, sfn: ["signal"] },
  },
} as const satisfies Record<string, TaskFunctionDef>;

export const SCHEDULED_FUNCTIONS = {
  sweep: {
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
  },
} as const satisfies Record<string, TaskFunctionDef & { schedule: string }>;
