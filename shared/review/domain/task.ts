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
  lastReminderAt?: string;
  escalationLevel: number;
  escalatedAt?: string;
}

/** Where a task lives, for the access policy. */
export const scopeOfTask = (t: Pick<ReviewTask, "communeId" | "reviewUnitId" | "provinceId">) => ({
  communeId: t.communeId,
  reviewUnitId: t.reviewUnitId,
  provinceId: t.provinceId,
});

/** Who holds a task (claim, unclaim, reassign); an absent member is removed. */
export type HolderPatch = Partial<
  Pick<
    ReviewTask,
    "assignee" | "assigneeName" | "assignmentNo" | "claimedAt" | "reassignedAt" | "reassignedBy"
  >
>;

/** How a task ends: decided, timed out or cancelled. */
export type TaskClosing = Pick<ReviewTask, "status"> &
  Partial<Pick<ReviewTask, "decision" | "decidedBy" | "decidedByName" | "decidedAt" | "comment">>;

/** What notifications and the sweep record on an open task so that each happens once. */
export type TaskMarks = Partial<
  Pick<
    ReviewTask,
    | "notifiedAt"
    | "remindersSent"
    | "lastReminderAt"
    | "escalationLevel"
    | "escalatedAt"
    | "priority"
  >
>;

/** The task after a holder change (members set to undefined are removed). */
export function withHolder(t: ReviewTask, patch: HolderPatch): ReviewTask {
  const next: Record<string, unknown> = { ...t, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next as unknown as ReviewTask;
}

/** Deterministic id: one review task per submission, so a retried Lambda cannot create two. */
export const reviewTaskId = (proposalId: string, submissionNo: number) =>
  `${proposalId}-r${submissionNo}`;

export function dueAtFrom(createdAtIso: string, slaHours: number): string {
  return new Date(Date.parse(createdAtIso) + slaHours * 3_600_000).toISOString();
}
