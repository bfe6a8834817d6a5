import { authorize, holderAllows, type ScopedActor } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import type { Change } from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { type HolderPatch, type ReviewTask, scopeOfTask, withHolder } from "../domain/task.ts";
import { taskClaimed, taskReassigned, taskUnclaimed } from "../domain/task-events.ts";
import type { TaskStore } from "../ports.ts";
import { mailTask, type TaskMailPorts } from "./task-mail.ts";

/**
 * Who holds a review task. The candidate group is the reviewing unit's approvers; one of them
 * may claim it (and give it back); the unit lead reassigns it, which also invalidates the email
 * links of the previous assignment and mails the new assignee a link of their own. Each change
 * is an event on the proposal's audit chain, written with the task's change in one transaction.
 */
type Actor = ScopedActor & { name?: string };

/** The ports of claiming and releasing a task. */
export interface HolderPorts {
  tasks: Pick<TaskStore, "find" | "stageHolder">;
  proposals: Pick<ProposalStore, "find" | "save">;
}

/** Reassigning also needs the directory (who the new holder is) and the mails. */
export interface ReassignPorts extends HolderPorts, TaskMailPorts {
  directory: TaskMailPorts["directory"] & Pick<Directory, "findUser">;
}

/** Claims and releases retried on fresh reads when they lost a race (then the 409 names why). */
const MAX_HOLDER_ATTEMPTS = 3;

async function openTask(
  ports: Pick<HolderPorts, "tasks">,
  actor: Actor,
  taskId: string,
  action: "task.claim" | "task.reassign",
): Promise<ReviewTask> {
  const t = await ports.tasks.find(taskId);
  if (!t) throw new NotFoundError(`task ${taskId} does not exist`);
  authorize(actor, action, scopeOfTask(t));
  if (t.status !== "OPEN")
    throw new ConflictError(`task is ${t.status.toLowerCase()}: nothing to assign`, {
      taskStatus: t.status,
    });
  return t;
}

/** Writes a holder change and its event on the proposal's chain; false when a race was lost. */
async function writeHolder(
  ports: HolderPorts,
  t: ReviewTask,
  patch: HolderPatch,
  tx: TransitionContext,
  event: (p: Proposal) => Change,
): Promise<boolean> {
  const p = await ports.proposals.find(t.proposalId);
  if (!p) throw new NotFoundError(`proposal ${t.proposalId} does not exist`);
  try {
    await ports.proposals.save(p, event(p), tx, [ports.tasks.stageHolder(t, patch)]);
    return true;
  } catch (err) {
    if (err instanceof WriteConditionsFailed || err instanceof StaleVersionError) return false;
    throw err;
  }
}

const claimedBy = (t: ReviewTask) =>
  new ConflictError(`task is already claimed by ${t.assigneeName ?? t.assignee}`, {
    assignee: t.assignee,
  });

const changedMeanwhile = () =>
  new ConflictError("the task changed meanwhile (claimed, reassigned or decided); reload it");

/**
 * An approver of the unit takes the task; 409 naming the holder if someone else holds it,
 * also when the other claim came first by a hair (the loser re-reads and names the winner).
 */
export async function claimTask(
  ports: HolderPorts,
  actor: Actor,
  tx: TransitionContext,
  taskId: string,
): Promise<ReviewTask> {
  for (let attempt = 1; attempt <= MAX_HOLDER_ATTEMPTS; attempt++) {
    const t = await openTask(ports, actor, taskId, "task.claim");
    if (t.assignee === actor.id) return t;
    if (t.assignee) throw claimedBy(t);
    const patch = { assignee: actor.id, assigneeName: actor.name ?? actor.id, claimedAt: tx.at };
    if (await writeHolder(ports, t, patch, tx, (p) => taskClaimed(p, t.id, actor.id, tx)))
      return withHolder(t, patch);
  }
  throw changedMeanwhile();
}

/** The holder gives the task back to the unit (the unit lead may release anyone's claim). */
export async function unclaimTask(
  ports: HolderPorts,
  actor: Actor,
  tx: TransitionContext,
  taskId: string,
): Promise<ReviewTask> {
  for (let attempt = 1; attempt <= MAX_HOLDER_ATTEMPTS; attempt++) {
    const t = await openTask(ports, actor, taskId, "task.claim");
    const holder = t.assignee;
    if (!holder) return t;
    if (!holderAllows(actor, t)) {
      throw new ConflictError(
        `task is claimed by ${t.assigneeName ?? holder}; only they or the unit lead can release it`,
        { assignee: holder },
      );
    }
    const patch = { assignee: undefined, assigneeName: undefined, claimedAt: undefined };
    if (await writeHolder(ports, t, patch, tx, (p) => taskUnclaimed(p, t.id, holder, tx)))
      return withHolder(t, patch);
  }
  throw changedMeanwhile();
}

/**
 * The unit lead (or the province) gives the task to another approver of the same unit. The
 * assignment number goes up (older email links now say "reassigned to ..."), the proposal's
 * audit chain records it, and the new assignee gets a mail with a link of their own.
 * A reassignment that raced another change is a 409: the lead decided on what they saw.
 */
export async function reassignTask(
  ports: ReassignPorts,
  actor: Actor,
  tx: TransitionContext,
  taskId: string,
  username: string,
): Promise<ReviewTask> {
  const t = await openTask(ports, actor, taskId, "task.reassign");
  const target = await ports.directory.findUser(username);
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
  const written = await writeHolder(ports, t, patch, tx, (p) =>
    taskReassigned(p, t.id, t.assignee, target.username, tx),
  );
  if (!written) throw changedMeanwhile();
  const next = withHolder(t, patch);
  await mailTask(ports, "notify", next, tx.at, { users: [target] });
  return next;
}
