import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ConditionsFailed, transact } from "../../aws/transact.ts";
import { findUser } from "../../directory/adapters/dynamo-directory.ts";
import { ConflictError, ValidationError } from "../../kernel/errors.ts";
import { loadProposal, saveChange } from "../../proposals/adapters/dynamo-proposal-store.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { assignTaskItem, loadTask } from "../adapters/dynamo-task-store.ts";
import type { ReviewTask } from "../domain/task.ts";
import { mailTask } from "./email-links.ts";

/**
 * Who holds a review task. The candidate group is the reviewing unit's approvers; one of them
 * may claim it (and give it back); the unit lead reassigns it, which also invalidates the email
 * links of the previous assignment and mails the new assignee a link of their own.
 */
type Actor = ScopedActor & { name?: string };

const scopeOfTask = (t: ReviewTask) => ({
  communeId: t.communeId,
  reviewUnitId: t.reviewUnitId,
  provinceId: t.provinceId,
});

async function openTask(
  actor: Actor,
  taskId: string,
  action: "task.claim" | "task.reassign",
): Promise<ReviewTask> {
  const t = await loadTask(taskId);
  authorize(actor, action, scopeOfTask(t));
  if (t.status !== "OPEN")
    throw new ConflictError(`task is ${t.status.toLowerCase()}: nothing to assign`, {
      taskStatus: t.status,
    });
  return t;
}

async function write(
  t: ReviewTask,
  patch: Parameters<typeof assignTaskItem>[1],
): Promise<ReviewTask> {
  try {
    await transact([assignTaskItem(t, patch)]);
  } catch (err) {
    if (err instanceof ConditionsFailed) throw await lostRace(t.id);
    throw err;
  }
  const next: Record<string, unknown> = { ...t, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next as unknown as ReviewTask;
}

/** The 409 of a write that lost a race: it names what the winner did (claimed by X, decided). */
async function lostRace(taskId: string): Promise<ConflictError> {
  const now = await loadTask(taskId);
  if (now.status !== "OPEN")
    return new ConflictError(`task is ${now.status.toLowerCase()} meanwhile: nothing to assign`, {
      taskStatus: now.status,
    });
  if (now.assignee)
    return new ConflictError(`task is already claimed by ${now.assigneeName ?? now.assignee}`, {
      assignee: now.assignee,
    });
  return new ConflictError(
    "the task changed meanwhile (claimed, reassigned or decided); reload it",
  );
}

/** An approver of the unit takes the task; 409 if someone else holds it. */
export async function claimTask(
  actor: Actor,
  tx: TransitionContext,
  taskId: string,
): Promise<ReviewTask> {
  const t = await openTask(actor, taskId, "task.claim");
  if (t.assignee === actor.id) return t;
  if (t.assignee)
    throw new ConflictError(`task is already claimed by ${t.assigneeName ?? t.assignee}`, {
      assignee: t.assignee,
    });
  return write(t, { assignee: actor.id, assigneeName: actor.name ?? actor.id, claimedAt: tx.at });
}

/** The holder gives the task back to the unit (the lead may release anyone's claim). */
export async function unclaimTask(
  actor: Actor,
  _tx: TransitionContext,
  taskId: string,
): Promise<ReviewTask> {
  const t = await openTask(actor, taskId, "task.claim");
  if (!t.assignee) return t;
  if (t.assignee !== actor.id && actor.role !== "unit_lead") {
    throw new ConflictError(
      `task is claimed by ${t.assigneeName ?? t.assignee}; only they or the unit lead can release it`,
      { assignee: t.assignee },
    );
  }
  return write(t, { assignee: undefined, assigneeName: undefined, claimedAt: undefined });
}

/**
 * The unit lead gives the task to another approver of the same unit. The assignment number
 * goes up (older email links now say "reassigned to ..."), the proposal's audit chain records
 * it, and the new assignee gets a mail with a link of their own.
 */
export async function reassignTask(
  actor: Actor,
  tx: TransitionContext,
  taskId: string,
  username: string,
): Promise<ReviewTask> {
  const t = await openTask(actor, taskId, "task.reassign");
  const target = await findUser(username);
  if (
    !target ||
    (target.role !== "approver" && target.role !== "unit_lead") ||
    target.unitId !== t.reviewUnitId
  ) {
    throw new ValidationError(`${username} is not an approver of unit ${t.reviewUnitId}`, [
      { field: "assignee", message: "not an approver of the task's unit" },
    ]);
  }
  const patch = {
    assignee: target.username,
    assigneeName: target.name,
    assignmentNo: (t.assignmentNo ?? 0) + 1,
    reassignedAt: tx.at,
    reassignedBy: actor.id,
  };
  const p = await loadProposal(t.proposalId);
  try {
    await saveChange(
      p,
      {
        next: { ...p, version: p.version + 1, updatedAt: tx.at },
        event: {
          type: "review.task_reassigned",
          from: p.status,
          to: p.status,
          data: { taskId, from: t.assignee ?? null, to: target.username },
        },
      },
      tx,
      [assignTaskItem(t, patch)],
    );
  } catch (err) {
    if (err instanceof ConditionsFailed)
      throw new ConflictError(
        "the task changed meanwhile (claimed, reassigned or decided); reload it",
      );
    throw err;
  }
  const next: ReviewTask = { ...t, ...patch };
  await mailTask("notify", next, tx.at, [target]);
  return next;
}
