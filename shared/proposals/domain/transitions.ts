/**
 * Every transition of a proposal and the states it may start from: the one table the lifecycle
 * (lifecycle.ts) and the funding lifecycle (funding-lifecycle.ts) check against, so that which
 * action is allowed when is written once.
 */
import { StateConflictError } from "../../kernel/errors.ts";
import type { ProposalStatus } from "../../kernel/types.ts";
import type { Proposal, TransitionContext } from "./proposal.ts";

export const TRANSITIONS = {
  edit: { from: ["DRAFT", "RETURNED"], to: ["DRAFT", "RETURNED"] },
  submit: { from: ["DRAFT", "RETURNED"], to: ["IN_REVIEW"] },
  cancel: { from: ["DRAFT", "RETURNED"], to: ["CANCELLED"] },
  decide: { from: ["IN_REVIEW"], to: ["NORM_CHECK", "RETURNED", "REJECTED"] },
  /** A review past its timeout is escalated; only a person returns a proposal. */
  escalateReview: { from: ["IN_REVIEW"], to: ["IN_REVIEW"] },
  normCheckPassed: { from: ["NORM_CHECK"], to: ["APPROVED"] },
  normCheckFailed: { from: ["NORM_CHECK"], to: ["RETURNED"] },
  /** A payment; the one completing the approved amount ends the workflow's wait. */
  recordDisbursement: { from: ["APPROVED", "DISBURSING"], to: ["DISBURSING", "MONITORING"] },
  /** A compensating entry for a mistaken payment (never after settlement). */
  reverseDisbursement: {
    from: ["DISBURSING", "MONITORING"],
    to: ["APPROVED", "DISBURSING"],
  },
  /** Quyết toán: the actual cost supported, at most what was paid; ends the wait too. */
  settle: { from: ["APPROVED", "DISBURSING", "MONITORING"], to: ["MONITORING"] },
  /** The beneficiary paid back what was paid above the settled amount. */
  recordRefund: { from: ["MONITORING"], to: ["MONITORING"] },
  fileReport: { from: ["DISBURSING", "MONITORING"], to: ["DISBURSING", "MONITORING"] },
  close: { from: ["MONITORING"], to: ["CLOSED"] },
  /** A checked document attached (shared/attachments): the state stays what it was. */
  attach: {
    from: ["DRAFT", "RETURNED", "IN_REVIEW", "NORM_CHECK", "APPROVED", "DISBURSING", "MONITORING"],
    to: ["DRAFT", "RETURNED", "IN_REVIEW", "NORM_CHECK", "APPROVED", "DISBURSING", "MONITORING"],
  },
} as const satisfies Record<
  string,
  { from: readonly ProposalStatus[]; to: readonly ProposalStatus[] }
>;
export type TransitionName = keyof typeof TRANSITIONS;

/** Refuses a transition from a state the table does not allow it from (409 names both). */
export function requireTransition(p: Proposal, name: TransitionName, action: string): void {
  const allowed: readonly ProposalStatus[] = TRANSITIONS[name].from;
  if (!allowed.includes(p.status)) {
    throw new StateConflictError(
      `cannot ${action} a proposal in state ${p.status} (allowed from: ${allowed.join(", ")})`,
      p.status,
    );
  }
}

/** The next version of a proposal: patched, version + 1, updated now. */
export function bump(p: Proposal, ctx: TransitionContext, patch: Partial<Proposal>): Proposal {
  return { ...p, ...patch, version: p.version + 1, updatedAt: ctx.at };
}
