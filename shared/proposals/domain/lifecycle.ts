import { ValidationError } from "../../kernel/errors.ts";
import type { ProposalStatus } from "../../kernel/types.ts";
import type { Decision, DraftFields, Proposal, Reduction, TransitionContext } from "./proposal.ts";
import { approvedItems, totalSupport } from "./proposal.ts";
import { bump, requireTransition } from "./transitions.ts";

/**
 * The proposal lifecycle as a pure state machine. Every function checks the state it starts
 * from and returns the next proposal plus the audit facts; the repository writes both in one
 * transaction conditioned on the version it read (so the check and the write are atomic).
 */
export interface Change {
  next: Proposal;
  event: AuditFacts;
}

/** What the audit event of a change records (actor, time and chain are added by the writer). */
export interface AuditFacts {
  type: string;
  /** A proposal status, or another stream's state (e.g. a norm-set version "v2"). */
  from: string | null;
  to: string;
  reason?: string;
  data?: Record<string, unknown>;
}

export {
  close,
  fileReport,
  type Payment,
  recordDisbursement,
  recordRefund,
  reverseDisbursement,
  type SettlementInput,
  settle,
} from "./funding-lifecycle.ts";
export { TRANSITIONS } from "./transitions.ts";

export function createDraft(
  init: {
    id: string;
    reference: string;
    fields: DraftFields;
    reviewUnitId: string;
    provinceId: string;
    personal?: Proposal["personal"];
    survivorPseudonym?: string;
    batchId?: string;
  },
  ctx: TransitionContext,
): Change {
  const next: Proposal = {
    id: init.id,
    reference: init.reference,
    ...init.fields,
    reviewUnitId: init.reviewUnitId,
    provinceId: init.provinceId,
    ...(init.personal ? { personal: init.personal } : {}),
    ...(init.survivorPseudonym ? { survivorPseudonym: init.survivorPseudonym } : {}),
    ...(init.batchId ? { batchId: init.batchId } : {}),
    status: "DRAFT",
    version: 1,
    submissionNo: 0,
    createdAt: ctx.at,
    createdBy: ctx.actor.id,
    updatedAt: ctx.at,
    disbursedTotal: 0,
    disbursementCount: 0,
    reportCount: 0,
    auditSeq: 0,
    auditHash: "",
  };
  return {
    next,
    event: {
      type: "proposal.created",
      from: null,
      to: "DRAFT",
      data: {
        amount: totalSupport(next.items),
        ...(init.batchId ? { batchId: init.batchId } : {}),
      },
    },
  };
}

export function editDraft(
  p: Proposal,
  fields: Omit<DraftFields, "communeId">,
  personal: Proposal["personal"] | undefined,
  ctx: TransitionContext,
): Change {
  requireTransition(p, "edit", "edit");
  const next = bump(p, ctx, { ...fields, ...(personal ? { personal } : {}) });
  return {
    next,
    event: {
      type: "proposal.edited",
      from: p.status,
      to: p.status,
      data: { amount: totalSupport(next.items) },
    },
  };
}

export function submit(p: Proposal, ctx: TransitionContext): Change {
  requireTransition(p, "submit", "submit");
  if (p.items.length === 0) {
    throw new ValidationError("a proposal needs at least one item to be submitted", [
      { field: "items", message: "at least one item is required" },
    ]);
  }
  const next = bump(p, ctx, {
    status: "IN_REVIEW",
    submissionNo: p.submissionNo + 1,
    statusReason: undefined,
  });
  return {
    next,
    event: {
      type: "proposal.submitted",
      from: p.status,
      to: "IN_REVIEW",
      data: { submissionNo: next.submissionNo, amount: totalSupport(p.items) },
    },
  };
}

export function cancel(p: Proposal, reason: string, ctx: TransitionContext): Change {
  requireTransition(p, "cancel", "cancel");
  return {
    next: bump(p, ctx, { status: "CANCELLED", statusReason: reason }),
    event: { type: "proposal.cancelled", from: p.status, to: "CANCELLED", reason },
  };
}

const DECISION_TARGET: Record<Decision["decision"], ProposalStatus> = {
  approve: "NORM_CHECK",
  return: "RETURNED",
  reject: "REJECTED",
};

export function decide(p: Proposal, decision: Decision, ctx: TransitionContext): Change {
  requireTransition(p, "decide", "decide on");
  if (decision.decision !== "approve" && !decision.comment?.trim()) {
    throw new ValidationError(`a ${decision.decision} decision needs a comment`, [
      { field: "comment", message: "required when returning or rejecting" },
    ]);
  }
  checkReductions(p, decision);
  const { reductions: _asked, ...plain } = decision;
  const reduced = decision.reductions?.length ? decision.reductions : undefined;
  const to = DECISION_TARGET[decision.decision];
  return {
    next: bump(p, ctx, {
      status: to,
      lastDecision: reduced ? { ...plain, reductions: reduced } : plain,
      currentTaskId: undefined,
      statusReason: decision.decision === "approve" ? undefined : decision.comment,
    }),
    event: {
      type: `review.${decision.decision === "approve" ? "approved" : decision.decision === "return" ? "returned" : "rejected"}`,
      from: p.status,
      to,
      reason: decision.comment,
      data: {
        submissionNo: p.submissionNo,
        ...(reduced
          ? {
              reductions: reduced.map((r) => ({
                ...r,
                requested: p.items[r.item]?.supportAmount ?? 0,
              })),
              approvedAmount: totalSupport(
                approvedItems({ ...p, status: to, lastDecision: decision }),
              ),
            }
          : {}),
      },
    },
  };
}

/**
 * A reduction names an item of the proposal once, grants less than was asked (0 drops the
 * item) with a reason, and leaves something approved (approving nothing is a rejection).
 */
function checkReductions(p: Proposal, decision: Decision): void {
  const reductions: readonly Reduction[] = decision.reductions ?? [];
  if (reductions.length === 0) return;
  if (decision.decision !== "approve") {
    throw new ValidationError("only an approval can reduce amounts", [
      { field: "reductions", message: `not with "${decision.decision}"` },
    ]);
  }
  const seen = new Set<number>();
  reductions.forEach((r, n) => {
    const item = p.items[r.item];
    if (!item || seen.has(r.item)) {
      throw new ValidationError(`reduction ${n + 1} names no item of the proposal, or one twice`, [
        { field: `reductions.${n}.item`, message: `an item index 0-${p.items.length - 1}, once` },
      ]);
    }
    seen.add(r.item);
    if (!Number.isSafeInteger(r.amount) || r.amount < 0 || r.amount >= item.supportAmount) {
      throw new ValidationError(
        `item ${r.item + 1} (${item.code}) is reduced to ${r.amount} đồng, which is not below the ${item.supportAmount} đồng asked / mức duyệt phải thấp hơn mức đề nghị`,
        [
          {
            field: `reductions.${n}.amount`,
            message: `whole đồng, 0 to ${item.supportAmount - 1}`,
          },
        ],
      );
    }
    if (!r.reason.trim()) {
      throw new ValidationError(`the reduction of item ${r.item + 1} needs a reason`, [
        { field: `reductions.${n}.reason`, message: "required" },
      ]);
    }
  });
  const approved = totalSupport(
    approvedItems({ items: p.items, status: "NORM_CHECK", lastDecision: decision }),
  );
  if (approved === 0) {
    throw new ValidationError("nothing would be approved: reject the proposal instead", [
      { field: "reductions", message: "at least one item must keep an amount above 0" },
    ]);
  }
}

/** Who an overdue review is escalated to: the unit lead first, then the province. */
export type EscalationLevel = 1 | 2;

/**
 * The review ran past its timeout. The commune is not punished for the reviewer's delay: the
 * proposal stays in review, and the escalation (unit lead, then province) is on its history.
 */
export function escalateReview(
  p: Proposal,
  level: EscalationLevel,
  overdueSince: string,
  ctx: TransitionContext,
): Change {
  requireTransition(p, "escalateReview", "escalate the review of");
  return {
    next: bump(p, ctx, {}),
    event: {
      type: "review.escalated",
      from: p.status,
      to: p.status,
      reason: "review deadline passed without a decision / quá hạn thẩm định",
      data: {
        submissionNo: p.submissionNo,
        level,
        escalatedTo: level === 1 ? "unit_lead" : "province_officer",
        overdueSince,
      },
    },
  };
}

/** The norm check passed: the phase is fixed as of the decision (funding source or date). */
export function normCheckPassed(
  p: Proposal,
  result: unknown,
  ctx: TransitionContext,
  phase: Proposal["phase"] = p.phase,
  decision?: { name: string; sha256: string; bytes: number },
): Change {
  requireTransition(p, "normCheckPassed", "approve funding for");
  // What the approver granted (reductions applied), which is what the check reserved.
  const approvedAmount = totalSupport(approvedItems(p));
  return {
    next: bump(p, ctx, { status: "APPROVED", approvedAmount, normCheck: result, phase }),
    event: {
      type: "norms.passed",
      from: p.status,
      to: "APPROVED",
      // The decision document's hash: the PDF regenerated later must match it.
      data: { approvedAmount, phase, ...(decision ? { decisionDocument: decision } : {}) },
    },
  };
}

export function normCheckFailed(
  p: Proposal,
  result: unknown,
  explanation: string,
  ctx: TransitionContext,
  phase: Proposal["phase"] = p.phase,
): Change {
  requireTransition(p, "normCheckFailed", "return for norms");
  return {
    next: bump(p, ctx, { status: "RETURNED", normCheck: result, statusReason: explanation, phase }),
    event: { type: "norms.breached", from: p.status, to: "RETURNED", reason: explanation },
  };
}

/**
 * The proposal's beneficiary becomes another registry entry, in any state: a province merged
 * the entry it referenced into another, or the migration registered its free-text beneficiary.
 * Not an edit by the commune: the content is unchanged, only whom the caps count against.
 */
export function rebindBeneficiary(
  p: Proposal,
  beneficiary: Proposal["beneficiary"],
  why: "merge" | "migration",
  ctx: TransitionContext,
): Change {
  return {
    next: bump(p, ctx, { beneficiary }),
    event: {
      type: "proposal.beneficiary_rebound",
      from: p.status,
      to: p.status,
      reason: why,
      data: { from: p.beneficiary.id, to: beneficiary.id },
    },
  };
}
