import type { Activity, Dong } from "../../kernel/types.ts";

/** A human task: the review of one submission of a proposal by its reviewing unit. */
export interface ReviewTask {
  id: string;
  kind: "review";
  proposalId: string;
  reference: string;
  submissionNo: number;
  activity: Activity;
  communeId: string;
  reviewUnitId: string;
  provinceId: string;
  amount: Dong;
  /** Candidate group: the approvers of reviewUnitId. */
  candidateRole: "approver";
  assignee?: string;
  /** Display name of the assignee (for "reassigned to X"). */
  assigneeName?: string;
  /** Bumped by each reassignment; email links of an older assignment stop working. */
  assignmentNo?: number;
  claimedAt?: string;
  reassignedAt?: string;
  reassignedBy?: string;
  status: "OPEN" | "DONE" | "EXPIRED" | "CANCELLED";
  priority: "normal" | "high";
  createdAt: string;
  dueAt: string;
  decision?: "approve" | "return" | "reject";
  decidedBy?: string;
  decidedByName?: string;
  decidedAt?: string;
  comment?: string;
  notifiedAt?: string;
  remindersSent: number;
  escalationLevel: number;
}

/** Deterministic id: one review task per submission, so a retried Lambda cannot create two. */
export const reviewTaskId = (proposalId: string, submissionNo: number) =>
  `${proposalId}-r${submissionNo}`;

export function dueAtFrom(createdAtIso: string, slaHours: number): string {
  return new Date(Date.parse(createdAtIso) + slaHours * 3_600_000).toISOString();
}
