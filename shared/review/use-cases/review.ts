import { authorize, holderAllows, type ScopedActor } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { reviewUnitFor } from "../../directory/use-cases/routing.ts";
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  StateConflictError,
} from "../../kernel/errors.ts";
import { type PendingWrite, WriteConditionsFailed } from "../../kernel/pending-write.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import {
  type Decision,
  type Proposal,
  SYSTEM_ACTOR,
  type TransitionContext,
  totalSupport,
} from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { scopeOf } from "../../proposals/use-cases/proposals.ts";
import type { Outbox, Workflow } from "../../workflow/ports.ts";
import { dueAtFrom, type ReviewTask, reviewTaskId, scopeOfTask } from "../domain/task.ts";
import { taskOpened } from "../domain/task-events.ts";
import type { TaskStore } from "../ports.ts";
import { mailTask, type TaskMailPorts } from "./task-mail.ts";

/** The ports of OpenReview: the proposal, the task, routing, the timetable, the mails. */
export interface OpenReviewPorts extends TaskMailPorts {
  proposals: Pick<ProposalStore, "find" | "save">;
  tasks: Pick<TaskStore, "findWithToken" | "refreshToken" | "stageCreate" | "mark">;
  directory: TaskMailPorts["directory"] & Pick<Directory, "findUnitFresh">;
  workflow: Pick<Workflow, "signal">;
}

async function loadProposal(proposals: Pick<ProposalStore, "find">, id: string): Promise<Proposal> {
  const p = await proposals.find(id);
  if (!p) throw new NotFoundError(`proposal ${id} does not exist`);
  return p;
}

/**
 * OpenReview (workflow task, waits for a token).
 * 1. create the review task for the commune's reviewing unit *now* (routing is data), keeping
 *    the token with the task, together with the proposal's pointer and an audit event (one
 *    transaction);
 * 2. email the unit's approvers a link each (no personal data); a failed send is retried by
 *    the sweep.
 * Idempotent: the task id is derived from the submission. A retried invocation points the open
 * task at the new token, or hands the decision made meanwhile to it.
 */
export async function openReviewTask(
  ports: OpenReviewPorts,
  input: { proposalId: string; submissionNo: number; taskToken: string },
  at: string,
): Promise<ReviewTask> {
  const p = await loadProposal(ports.proposals, input.proposalId);
  const id = reviewTaskId(p.id, input.submissionNo);
  const existing = await ports.tasks.findWithToken(id);
  if (existing) {
    if (existing.task.status === "OPEN" && (await ports.tasks.refreshToken(id, input.taskToken)))
      return existing.task;
    // Decided meanwhile: the decision went to the previous token, so hand it to this one.
    const now = (await ports.tasks.findWithToken(id))?.task ?? existing.task;
    if (now.status === "DONE" && now.decision) {
      await ports.workflow.signal(input.taskToken, {
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
  const reviewUnitId = (await reviewUnitFor(ports.directory, p.communeId)) ?? p.reviewUnitId;
  const settings = await ports.settings.current();
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
  await ports.proposals.save(p, taskOpened(p, task, tx), tx, [
    ports.tasks.stageCreate(task, input.taskToken),
  ]);
  // One mail per approver, each with a link of their own; a failed send is retried by the sweep.
  if (await mailTask(ports, "notify", task, at, { settings }))
    await ports.tasks.mark(id, { notifiedAt: at });
  return task;
}

/** The ports of a decision: the task, the proposal, the outbox carrying the signal, the workflow. */
export interface DecisionPorts {
  tasks: Pick<TaskStore, "find" | "findWithToken" | "stageClose">;
  proposals: Pick<ProposalStore, "find" | "save">;
  outbox: Pick<Outbox, "stageSignal" | "deliver">;
  workflow: Pick<Workflow, "signal">;
}

/** What the approver decides. */
export interface DecisionInput {
  decision: Decision["decision"];
  comment?: string;
}

export interface DecisionOptions {
  /** Writes that must commit with the decision (an email link's consumption). */
  extra?: readonly PendingWrite[];
  /** The 409 when one of `extra`'s conditions fails. */
  extraConflict?: string;
}

export interface DecisionResult {
  task: ReviewTask;
  status: string;
}

/** A decision retried on fresh reads when only the proposal moved (a claim, a reassignment). */
const MAX_DECISION_ATTEMPTS = 3;

/**
 * An approver decides a review task (web, API or email link).
 * 1. authorize `task.decide` in the task's and the proposal's scope; the holder rule: a task
 *    someone else holds is theirs (or the unit lead's) to decide;
 * 2. one transaction: the task OPEN → DONE (first writer wins), the proposal transition with
 *    its audit event, an outbox entry carrying the signal for the workflow, and `extra`;
 * 3. deliver the signal (SendTaskSuccess) and clear the outbox entry.
 * A second decision gets a 409 naming who decided and when.
 */
export async function decideTask(
  ports: DecisionPorts,
  actor: ScopedActor & { name?: string },
  tx: TransitionContext,
  taskId: string,
  input: DecisionInput,
  opts: DecisionOptions = {},
): Promise<DecisionResult> {
  for (let attempt = 1; ; attempt++) {
    const found = await ports.tasks.findWithToken(taskId);
    if (!found) throw new NotFoundError(`task ${taskId} does not exist`);
    const { task, token } = found;
    authorize(actor, "task.decide", scopeOfTask(task));
    if (task.status !== "OPEN") throw alreadyClosed(task);
    if (!holderAllows(actor, task)) throw heldByAnother(task);
    const p = await loadProposal(ports.proposals, task.proposalId);
    authorize(actor, "task.decide", scopeOf(p));
    if (p.status !== "IN_REVIEW" || p.currentTaskId !== taskId) {
      // Someone decided between our two reads: say who, not "wrong state".
      const now = await ports.tasks.find(taskId);
      if (now && now.status !== "OPEN") throw alreadyClosed(now);
    }
    const decision = decisionOf(actor, tx, input);
    const change = lifecycle.decide(p, decision, tx);
    const output = { decision: input.decision, taskId, decidedBy: actor.id };
    const signal = ports.outbox.stageSignal(tx.at, taskId, token, output);
    const closing = {
      status: "DONE",
      decision: input.decision,
      decidedBy: actor.id,
      ...(actor.name ? { decidedByName: actor.name } : {}),
      decidedAt: tx.at,
      ...(input.comment ? { comment: input.comment } : {}),
    } as const;
    try {
      await ports.proposals.save(p, change, tx, [
        ports.tasks.stageClose(task, closing),
        signal.write,
        ...(opts.extra ?? []),
      ]);
    } catch (err) {
      // A concurrent decision changes the proposal first (stale version) or the task (condition).
      if (!(err instanceof WriteConditionsFailed || err instanceof StaleVersionError)) throw err;
      const now = await ports.tasks.find(taskId);
      if (now && now.status !== "OPEN") throw alreadyClosed(now);
      // Items 0 and 1 are the task and the outbox; later ones are the caller's (an email link).
      if (
        opts.extraConflict &&
        err instanceof WriteConditionsFailed &&
        err.failed.some((i) => i >= 2)
      )
        throw new ConflictError(opts.extraConflict);
      // Only the proposal moved (the task was claimed or passed on): decide on what is there now.
      if (err instanceof StaleVersionError && attempt < MAX_DECISION_ATTEMPTS) continue;
      throw err;
    }
    await ports.outbox.deliver(signal.entry);
    // The workflow step may have been retried (new token) between our read and our write.
    const current = await ports.tasks.findWithToken(taskId);
    if (current && current.token !== token) await ports.workflow.signal(current.token, output);
    return { task: { ...task, ...closing }, status: change.next.status };
  }
}

function decisionOf(
  actor: ScopedActor & { name?: string },
  tx: TransitionContext,
  input: DecisionInput,
): Decision {
  return {
    decision: input.decision,
    by: actor.id,
    ...(actor.name ? { byName: actor.name } : {}),
    at: tx.at,
    ...(input.comment ? { comment: input.comment } : {}),
    channel: tx.channel,
  };
}

/** The 409 of a task someone else holds. */
function heldByAnother(task: ReviewTask): ConflictError {
  return new ConflictError(`task is assigned to ${task.assigneeName ?? task.assignee}`, {
    assignee: task.assignee,
  });
}

/** The 409 of a task that can no longer be decided: who decided and when, or why it ended. */
export function alreadyClosed(task: ReviewTask): ConflictError {
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

/** The ports of ExpireReview. */
export interface ExpiryPorts {
  tasks: Pick<TaskStore, "find" | "stageClose">;
  proposals: Pick<ProposalStore, "find" | "save">;
}

const MAX_EXPIRY_ATTEMPTS = 3;

/**
 * ExpireReview (workflow, on States.Timeout): the proposal goes back to the commune and its
 * open task ends EXPIRED, in one transaction. Nothing to do when the review ended otherwise.
 */
export async function expireReview(
  ports: ExpiryPorts,
  input: { proposalId: string; submissionNo: number },
  at: string,
): Promise<{ expired: boolean }> {
  const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  for (let attempt = 1; ; attempt++) {
    const p = await ports.proposals.find(input.proposalId);
    if (p?.status !== "IN_REVIEW" || p.submissionNo !== input.submissionNo)
      return { expired: false };
    const task = await ports.tasks.find(reviewTaskId(p.id, input.submissionNo));
    const extra =
      task && task.status === "OPEN" ? [ports.tasks.stageClose(task, { status: "EXPIRED" })] : [];
    try {
      await ports.proposals.save(p, lifecycle.expireReview(p, tx), tx, extra);
      return { expired: true };
    } catch (err) {
      // A claim or a decision moved the proposal or the task meanwhile: look again.
      const raced = err instanceof StaleVersionError || err instanceof WriteConditionsFailed;
      if (!raced || attempt >= MAX_EXPIRY_ATTEMPTS) throw err;
    }
  }
}
