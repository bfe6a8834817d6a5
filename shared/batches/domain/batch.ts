/**
 * Batch proposals (đề xuất theo danh sách): a commune proposes a list at once — all its A1
 * savings groups for a quarter, its A3 trusted addresses. The batch is a record of its own; each
 * member is a real proposal (own norm check, reservation, decision, payments and audit chain),
 * so everything downstream works per member, unchanged. Pure: no I/O.
 */
import { ValidationError } from "../../kernel/errors.ts";
import type { Activity, Dong, ProposalItem, ProposalStatus } from "../../kernel/types.ts";
import type { FundingSource } from "../../norms/domain/phase.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";

/**
 * At most 100 members: one review page (≤ 100 KB), one decision request within API Gateway's
 * 30 s, and never one transaction for all (each member is decided in its own).
 */
export const MAX_BATCH_MEMBERS = 100;

/** Activities decided as lists: savings groups (A1) and trusted addresses (A3). */
export const BATCH_ACTIVITIES = ["A1", "A3"] as const satisfies readonly Activity[];
export type BatchActivity = (typeof BATCH_ACTIVITIES)[number];

/** What the commune asks for one member: a registered beneficiary and its items. */
export interface MemberSpec {
  beneficiaryId: string;
  /** Default: the batch's title and the beneficiary's name. */
  title?: string;
  items: ProposalItem[];
}

/** A member as the batch keeps it: its proposal's id (allocated up front) and what was asked. */
export interface BatchMember extends MemberSpec {
  proposalId: string;
}

/** DRAFT: members are drafts the commune may still edit; SUBMITTED: sent once, for review. */
export type BatchStatus = "DRAFT" | "SUBMITTED";

/** A batch as stored (DataTable, pk BATCH#<id>, sk BATCH). */
export interface Batch {
  id: string;
  activity: BatchActivity;
  title: string;
  /** The quarter the list is for, e.g. "2026-Q3". */
  period?: string;
  fundingSource?: FundingSource;
  communeId: string;
  reviewUnitId: string;
  provinceId: string;
  members: BatchMember[];
  status: BatchStatus;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  submittedAt?: string;
  submittedBy?: string;
}

export interface BatchChange {
  next: Batch;
  event: AuditFacts;
}

/**
 * Checks a list before anything is written: 1..100 members, no beneficiary twice (each member
 * is named by its index: `members.3.beneficiaryId`).
 */
export function checkMembers(members: readonly MemberSpec[]): void {
  if (members.length === 0)
    throw new ValidationError("a batch needs at least one member", [
      { field: "members", message: "at least one member" },
    ]);
  if (members.length > MAX_BATCH_MEMBERS)
    throw new ValidationError(`a batch holds at most ${MAX_BATCH_MEMBERS} members`, [
      {
        field: `members.${MAX_BATCH_MEMBERS}`,
        message: `at most ${MAX_BATCH_MEMBERS} members (${members.length} given)`,
      },
    ]);
  const seen = new Map<string, number>();
  const errors = members.flatMap((m, i) => {
    const first = seen.get(m.beneficiaryId);
    if (first === undefined) {
      seen.set(m.beneficiaryId, i);
      return [];
    }
    return [
      {
        field: `members.${i}.beneficiaryId`,
        message: `beneficiary ${m.beneficiaryId} is already member ${first} of this batch`,
      },
    ];
  });
  if (errors.length > 0)
    throw new ValidationError("a beneficiary may appear only once in a batch", errors);
}

export function createBatch(
  init: Omit<Batch, "status" | "version" | "createdAt" | "createdBy" | "updatedAt">,
  tx: TransitionContext,
): BatchChange {
  checkMembers(init.members);
  const next: Batch = {
    ...init,
    status: "DRAFT",
    version: 1,
    createdAt: tx.at,
    createdBy: tx.actor.id,
    updatedAt: tx.at,
  };
  return {
    next,
    event: {
      type: "batch.created",
      from: null,
      to: "DRAFT",
      data: {
        activity: next.activity,
        members: next.members.map((m) => m.proposalId),
        amount: batchAmount(next.members),
      },
    },
  };
}

/** Submitted once: a retried submit finds it SUBMITTED and only submits what is left. */
export function submitBatch(b: Batch, tx: TransitionContext): BatchChange | undefined {
  if (b.status === "SUBMITTED") return undefined;
  const next: Batch = {
    ...b,
    status: "SUBMITTED",
    version: b.version + 1,
    updatedAt: tx.at,
    submittedAt: tx.at,
    submittedBy: tx.actor.id,
  };
  return {
    next,
    event: {
      type: "batch.submitted",
      from: "DRAFT",
      to: "SUBMITTED",
      data: { members: b.members.length },
    },
  };
}

export const batchAmount = (members: readonly MemberSpec[]): Dong =>
  members.reduce((sum, m) => sum + m.items.reduce((s, i) => s + i.supportAmount, 0), 0);

/** A member's proposal as the batch page and the decisions see it. */
export interface MemberState {
  proposalId: string;
  reference?: string;
  /** Absent: the member's draft was not written yet (a creation cut short). */
  status?: ProposalStatus;
  currentTaskId?: string;
  /** Members in review: the norm check as of now (nothing reserved). */
  norms?: { passed: boolean; failed: readonly string[] };
}

/** What a batch is as a whole, from its members (never stored: it cannot drift). */
export type BatchProgress = "DRAFT" | "IN_REVIEW" | "DECIDED";

const PENDING: readonly ProposalStatus[] = ["IN_REVIEW", "NORM_CHECK"];

export function progressOf(
  b: Pick<Batch, "status">,
  members: readonly MemberState[],
): BatchProgress {
  if (b.status === "DRAFT") return "DRAFT";
  return members.some((m) => !m.status || m.status === "DRAFT" || PENDING.includes(m.status))
    ? "IN_REVIEW"
    : "DECIDED";
}

export function countsOf(
  members: readonly MemberState[],
): Partial<Record<ProposalStatus | "MISSING", number>> {
  const counts: Partial<Record<ProposalStatus | "MISSING", number>> = {};
  for (const m of members) {
    const k = m.status ?? "MISSING";
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

export type Decision = "approve" | "return" | "reject";

/** One member's part of a batch decision. */
export type MemberPlan =
  | { proposalId: string; action: "decide"; taskId: string; decision: Decision; comment?: string }
  | {
      proposalId: string;
      action: "skip";
      outcome: "already-decided" | "not-ready" | "norm-failed";
      reason: string;
    };

/** A decision per member, as the reviewer picked them on the page or in the request. */
export interface ItemDecision {
  proposalId: string;
  decision: Decision;
  comment?: string;
}

function planOne(m: MemberState, decision: Decision, comment: string | undefined): MemberPlan {
  if (m.status === "IN_REVIEW" && m.currentTaskId)
    return {
      proposalId: m.proposalId,
      action: "decide",
      taskId: m.currentTaskId,
      decision,
      ...(comment ? { comment } : {}),
    };
  if (m.status === "IN_REVIEW" || m.status === "DRAFT" || !m.status)
    return {
      proposalId: m.proposalId,
      action: "skip",
      outcome: "not-ready",
      reason: m.status === "IN_REVIEW" ? "its review task is being opened" : "not submitted",
    };
  return {
    proposalId: m.proposalId,
    action: "skip",
    outcome: "already-decided",
    reason: `already ${m.status}`,
  };
}

/**
 * "All at once": every member still in review gets the decision, each its own; a member whose
 * norm check fails is never approved this way: it is named with its failed rules and left for
 * a decision of its own. Members decided already are skipped (so the request is idempotent).
 */
export function planAll(
  members: readonly MemberState[],
  decision: Decision,
  comment?: string,
): MemberPlan[] {
  return members.map((m) => {
    const plan = planOne(m, decision, comment);
    if (plan.action === "decide" && decision === "approve" && m.norms && !m.norms.passed)
      return {
        proposalId: m.proposalId,
        action: "skip",
        outcome: "norm-failed",
        reason: m.norms.failed.join("; ") || "the norm check fails",
      };
    return plan;
  });
}

/**
 * Item by item: each named member must be one of the batch's, at most once (a 400 names
 * `items.<i>.proposalId`). An approval of a member failing its norm check is the reviewer's own
 * choice here: the norm check then returns it to the commune with the breach explained.
 */
export function planItems(
  members: readonly MemberState[],
  items: readonly ItemDecision[],
): MemberPlan[] {
  const byId = new Map(members.map((m) => [m.proposalId, m]));
  const seen = new Set<string>();
  const errors = items.flatMap((it, i) => {
    if (!byId.has(it.proposalId))
      return [{ field: `items.${i}.proposalId`, message: "not a member of this batch" }];
    if (seen.has(it.proposalId))
      return [{ field: `items.${i}.proposalId`, message: "named twice in this request" }];
    seen.add(it.proposalId);
    return [];
  });
  if (errors.length > 0) throw new ValidationError("the decisions name members wrongly", errors);
  return items.map((it) => {
    const m = byId.get(it.proposalId) as MemberState;
    return planOne(m, it.decision, it.comment);
  });
}
