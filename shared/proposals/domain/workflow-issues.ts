/**
 * Which proposal states need a running lifecycle execution, where a repaired execution resumes,
 * and the audit fact of a failed workflow step. A proposal is never left in one of these
 * states without an execution: a failed step records itself here and the sweep repairs it.
 */
import type { ProposalStatus } from "../../kernel/types.ts";
import type { Change } from "./lifecycle.ts";
import type { Proposal, TransitionContext } from "./proposal.ts";

/** The states in which an execution waits for a person or works on the proposal. */
export const NEEDS_EXECUTION: readonly ProposalStatus[] = [
  "IN_REVIEW",
  "NORM_CHECK",
  "APPROVED",
  "DISBURSING",
];

export const needsExecution = (status: ProposalStatus): boolean => NEEDS_EXECUTION.includes(status);

/** Where a new execution for a proposal in this state starts (undefined: at the review). */
export function resumePointOf(
  status: ProposalStatus,
): "checkNorms" | "awaitDisbursement" | undefined {
  if (status === "NORM_CHECK") return "checkNorms";
  if (status === "APPROVED" || status === "DISBURSING") return "awaitDisbursement";
  return undefined;
}

/** The name of a submission's execution; repairs add a suffix so each start is its own. */
export const executionNameOf = (proposalId: string, submissionNo: number, repair = 0) =>
  repair === 0 ? `${proposalId}-${submissionNo}` : `${proposalId}-${submissionNo}-repair${repair}`;

/** Repairs of one submission before the sweep stops trying (a person must look then). */
export const MAX_REPAIRS = 3;

/**
 * Every execution a submission can have had: its first and each repair's. At most one runs at
 * a time; which one is recorded only while the proposal is watched, so a cancel names them all.
 */
export const executionNamesOf = (proposalId: string, submissionNo: number): string[] =>
  submissionNo < 1
    ? []
    : Array.from({ length: MAX_REPAIRS + 1 }, (_, r) =>
        executionNameOf(proposalId, submissionNo, r),
      );

/** What a failed step leaves on the proposal, safe to show (names and codes, no data). */
export interface WorkflowIssue {
  state: string;
  error: string;
  at: string;
  executionName: string;
}

/**
 * A step of the execution failed: the proposal stays where it is (a person or the sweep can act
 * from there), the issue is recorded on it and in its audit chain.
 */
export function workflowFailed(p: Proposal, issue: WorkflowIssue, ctx: TransitionContext): Change {
  return {
    next: { ...p, workflowIssue: issue, version: p.version + 1, updatedAt: ctx.at },
    event: {
      type: "workflow.failed",
      from: p.status,
      to: p.status,
      reason: `${issue.state}: ${issue.error}`,
      data: { state: issue.state, error: issue.error, executionName: issue.executionName },
    },
  };
}

/** A new execution was started for a proposal that had none (the sweep's repair). */
export function workflowRepaired(
  p: Proposal,
  executionName: string,
  ctx: TransitionContext,
): Change {
  const { workflowIssue: _cleared, ...rest } = p;
  return {
    next: { ...rest, version: p.version + 1, updatedAt: ctx.at },
    event: {
      type: "workflow.repaired",
      from: p.status,
      to: p.status,
      data: { executionName, resumeAt: resumePointOf(p.status) ?? "openReview" },
    },
  };
}

/** How a change moves the proposal's entry in the execution watch. */
export type WatchChange =
  | { kind: "none" }
  | { kind: "remove" }
  | {
      kind: "add";
      entry: {
        proposalId: string;
        submissionNo: number;
        status: ProposalStatus;
        executionName: string;
        since: string;
        repairs: number;
      };
    }
  | { kind: "status"; status: ProposalStatus; since: string };

/**
 * Entering a state that needs an execution adds the proposal (a new submission starts afresh),
 * leaving those states removes it, moving between two of them updates its status.
 */
export function watchChangeOf(before: Proposal | null, next: Proposal, at: string): WatchChange {
  const was = before !== null && needsExecution(before.status);
  if (!needsExecution(next.status)) return was ? { kind: "remove" } : { kind: "none" };
  if (!was || before?.submissionNo !== next.submissionNo) {
    return {
      kind: "add",
      entry: {
        proposalId: next.id,
        submissionNo: next.submissionNo,
        status: next.status,
        executionName: executionNameOf(next.id, next.submissionNo),
        since: at,
        repairs: 0,
      },
    };
  }
  if (before?.status === next.status) return { kind: "none" };
  return { kind: "status", status: next.status, since: at };
}
