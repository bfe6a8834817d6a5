import type { AuditFacts, Change } from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ReviewTask } from "./task.ts";

/**
 * What happens to a review task is recorded on its proposal's audit chain (one chain per
 * proposal: its history shows who opened, held, passed on and decided each review). These
 * changes leave the proposal's state as it is and bump its version, so that the event and the
 * task's change commit in the same conditioned transaction.
 */
function recorded(
  p: Proposal,
  tx: TransitionContext,
  event: AuditFacts,
  patch: Partial<Proposal> = {},
): Change {
  return { next: { ...p, ...patch, version: p.version + 1, updatedAt: tx.at }, event };
}

/** The review task is open for the reviewing unit (routing decided now, not at drafting). */
export function taskOpened(p: Proposal, task: ReviewTask, tx: TransitionContext): Change {
  return recorded(
    p,
    tx,
    {
      type: "review.task_opened",
      from: p.status,
      to: p.status,
      data: { taskId: task.id, reviewUnitId: task.reviewUnitId, dueAt: task.dueAt },
    },
    { reviewUnitId: task.reviewUnitId, currentTaskId: task.id },
  );
}

/** An approver took the task. */
export const taskClaimed = (p: Proposal, taskId: string, by: string, tx: TransitionContext) =>
  recorded(p, tx, {
    type: "review.task_claimed",
    from: p.status,
    to: p.status,
    data: { taskId, by },
  });

/** The holder (or the unit lead) gave the task back to the unit. */
export const taskUnclaimed = (p: Proposal, taskId: string, from: string, tx: TransitionContext) =>
  recorded(p, tx, {
    type: "review.task_unclaimed",
    from: p.status,
    to: p.status,
    data: { taskId, from },
  });

/** The task was given to another approver. */
export const taskReassigned = (
  p: Proposal,
  taskId: string,
  from: string | undefined,
  to: string,
  tx: TransitionContext,
) =>
  recorded(p, tx, {
    type: "review.task_reassigned",
    from: p.status,
    to: p.status,
    data: { taskId, from: from ?? null, to },
  });
