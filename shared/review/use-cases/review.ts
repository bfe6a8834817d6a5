import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ConditionsFailed, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { reviewUnitFor } from "../../directory/use-cases/routing.ts";
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  StateConflictError,
} from "../../kernel/errors.ts";
import {
  findProposal,
  loadProposal,
  saveChange,
} from "../../proposals/adapters/dynamo-proposal-store.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import {
  type Decision,
  SYSTEM_ACTOR,
  type TransitionContext,
  totalSupport,
} from "../../proposals/domain/proposal.ts";
import { scopeOf } from "../../proposals/use-cases/proposals.ts";
import { deliver, outboxItem } from "../../workflow/adapters/outbox.ts";
import { signalTask } from "../../workflow/adapters/sfn-workflow.ts";
import {
  closeTaskItem,
  findTaskWithToken,
  markTask,
  refreshTaskToken,
  taskItem,
} from "../adapters/dynamo-task-store.ts";
import { dueAtFrom, type ReviewTask, reviewTaskId } from "../domain/task.ts";
import { mailTask } from "./email-links.ts";
import { reviewSettings } from "./review-settings.ts";

/**
 * OpenReview (workflow task, waits for a token).
 * 1. create the review task for the proposal's reviewing unit, keeping the token in DynamoDB,
 *    together with the proposal's pointer and an audit event (one transaction);
 * 2. email the unit's approvers a link (no personal data). A failed send is retried by the sweep.
 * Idempotent: the task id is derived from the submission.
 */
export async function openReviewTask(
  input: { proposalId: string; submissionNo: number; taskToken: string },
  at: string,
): Promise<ReviewTask> {
  const p = await loadProposal(input.proposalId);
  const id = reviewTaskId(p.id, input.submissionNo);
  const existing = await findTaskWithToken(id);
  if (existing) {
    // A retried invocation (e.g. after a crash): keep the task and make it wait on the new token.
    if (existing.task.status === "OPEN" && (await refreshTaskToken(id, input.taskToken)))
      return existing.task;
    // Decided meanwhile: the decision went to the previous token, so hand it to this one.
    const now = (await findTaskWithToken(id))?.task ?? existing.task;
    if (now.status === "DONE" && now.decision) {
      await signalTask(input.taskToken, {
        decision: now.decision,
        taskId: id,
        decidedBy: now.decidedBy,
      });
    }
    return now;
  }
  if (p.status !== "IN_REVIEW" || p.submissionNo !== input.submissionNo) {
    throw new StateConflictError(
      `proposal ${p.id} is not in review for submission ${input.submissionNo}`,
      p.status,
    );
  }
  // Routing as data: the commune's reviewing unit now, not when the draft was created.
  const reviewUnitId = (await reviewUnitFor(p.communeId)) ?? p.reviewUnitId;
  const settings = await reviewSettings();
  const task: ReviewTask = {
    id,
    kind: "review",
    proposalId: p.id,
    reference: p.reference,
    submissionNo: p.submissionNo,
    activity: p.activity,
    communeId: p.communeId,
    reviewUnitId,
    provinceId: p.provinceId,
    amount: totalSupport(p.items),
    candidateRole: "approver",
    status: "OPEN",
    priority: "normal",
    createdAt: at,
    dueAt: dueAtFrom(at, settings.reviewSlaHours),
    remindersSent: 0,
    escalationLevel: 0,
  };
  const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  const change: lifecycle.Change = {
    next: { ...p, reviewUnitId, currentTaskId: id, version: p.version + 1, updatedAt: at },
    event: {
      type: "review.task_opened",
      from: p.status,
      to: p.status,
      data: { taskId: id, reviewUnitId, dueAt: task.dueAt },
    },
  };
  await saveChange(p, change, tx, [
    {
      Put: {
        TableName: config.tableName,
        Item: taskItem(task, input.taskToken),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ]);
  // One mail per approver, each with a link of their own; a failed send is retried by the sweep.
  const sent = await mailTask("notify", task, at);
  if (sent) await markTask(id, { notifiedAt: at });
  return task;
}

export interface DecisionResult {
  task: ReviewTask;
  status: string;
}

/**
 * An approver decides a review task (web, API or email link).
 * 1. authorize against the task's reviewing unit;
 * 2. one transaction: the task OPEN → DONE (first writer wins), the proposal transition with
 *    its audit event, and an outbox entry carrying the signal for the workflow;
 * 3. deliver the signal (SendTaskSuccess) and clear the outbox entry.
 * A second decision gets a 409 naming who decided and when.
 */
export async function decideTask(
  actor: ScopedActor & { name?: string },
  tx: TransitionContext,
  taskId: string,
  input: { decision: Decision["decision"]; comment?: string },
  opts: { extra?: TxItem[]; extraConflict?: string } = {},
): Promise<DecisionResult> {
  const found = await findTaskWithToken(taskId);
  if (!found) throw new NotFoundError(`task ${taskId} does not exist`);
  const { task, token } = found;
  authorize(actor, "task.decide", {
    communeId: task.communeId,
    reviewUnitId: task.reviewUnitId,
    provinceId: task.provinceId,
  });
  if (task.status !== "OPEN") throw alreadyClosed(task);
  if (task.assignee && task.assignee !== actor.id && actor.role !== "unit_lead") {
    throw new ConflictError(`task is assigned to ${task.assigneeName ?? task.assignee}`, {
      assignee: task.assignee,
    });
  }
  const p = await loadProposal(task.proposalId);
  authorize(actor, "task.decide", scopeOf(p));
  if (p.status !== "IN_REVIEW" || p.currentTaskId !== taskId) {
    // Someone decided between our two reads: say who, not "wrong state".
    const now = await findTaskWithToken(taskId);
    if (now && now.task.status !== "OPEN") throw alreadyClosed(now.task);
  }
  const decision: Decision = {
    decision: input.decision,
    by: actor.id,
    ...(actor.name ? { byName: actor.name } : {}),
    at: tx.at,
    ...(input.comment ? { comment: input.comment } : {}),
    channel: tx.channel,
  };
  const change = lifecycle.decide(p, decision, tx);
  const output = { decision: input.decision, taskId, decidedBy: actor.id };
  const outbox = outboxItem(tx.at, taskId, token, output);
  const closed: ReviewTask = {
    ...task,
    status: "DONE",
    decision: input.decision,
    decidedBy: actor.id,
    ...(actor.name ? { decidedByName: actor.name } : {}),
    decidedAt: tx.at,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  try {
    await saveChange(p, change, tx, [
      closeTaskItem(task, {
        status: "DONE",
        decision: input.decision,
        decidedBy: actor.id,
        decidedByName: actor.name,
        decidedAt: tx.at,
        comment: input.comment,
      }),
      outbox.tx,
      ...(opts.extra ?? []),
    ]);
  } catch (err) {
    // A concurrent decision changes the proposal first (stale version) or the task (condition).
    if (err instanceof ConditionsFailed || err instanceof StaleVersionError) {
      const now = await findTaskWithToken(taskId);
      if (now && now.task.status !== "OPEN") throw alreadyClosed(now.task);
      // Items 0 and 1 are the task and the outbox; later ones are the caller's (an email link).
      if (opts.extraConflict && err instanceof ConditionsFailed && err.failed.some((i) => i >= 2))
        throw new ConflictError(opts.extraConflict);
      throw err;
    }
    throw err;
  }
  await deliver(outbox.entry);
  // The workflow step may have been retried (new token) between our read and our write.
  const current = await findTaskWithToken(taskId);
  if (current && current.token !== token) await signalTask(current.token, output);
  return { task: closed, status: change.next.status };
}

function alreadyClosed(task: ReviewTask): ConflictError {
  if (task.status === "DONE") {
    return new ConflictError(
      `task already decided (${task.decision}) by ${task.decidedByName ?? task.decidedBy} at ${task.decidedAt}`,
      {
        decidedBy: task.decidedBy,
        decidedAt: task.decidedAt,
        decision: task.decision,
      },
    );
  }
  if (task.status === "EXPIRED") {
    return new ConflictError(
      "the review deadline passed: the proposal went back to the commune and can no longer be decided",
      { taskStatus: task.status },
    );
  }
  return new ConflictError(`task is ${task.status.toLowerCase()} and can no longer be decided`, {
    taskStatus: task.status,
  });
}

/** ExpireReview (workflow, on States.Timeout): the proposal goes back to the commune. */
export async function expireReview(
  input: { proposalId: string; submissionNo: number },
  at: string,
): Promise<{ expired: boolean }> {
  const p = await findProposal(input.proposalId);
  if (p?.status !== "IN_REVIEW" || p.submissionNo !== input.submissionNo) return { expired: false };
  const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  const taskId = reviewTaskId(p.id, input.submissionNo);
  const found = await findTaskWithToken(taskId);
  const extra =
    found && found.task.status === "OPEN" ? [closeTaskItem(found.task, { status: "EXPIRED" })] : [];
  await saveChange(p, lifecycle.expireReview(p, tx), tx, extra);
  return { expired: true };
}
