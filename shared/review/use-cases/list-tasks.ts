import {
  authorize,
  can,
  type ScopedActor,
  scopeRuleOf,
  type TaskPermissions,
  taskPermissions,
} from "../../access/policy.ts";
import type { AuditEvent } from "../../audit/domain/chain.ts";
import type { Directory, DirectoryUser, Unit } from "../../directory/ports.ts";
import { ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { loadAuthorized, scopeOf } from "../../proposals/use-cases/proposals.ts";
import { type InboxFilters, type InboxView, selectTasks } from "../domain/inbox.ts";
import { type ReviewTask, scopeOfTask } from "../domain/task.ts";
import type { TaskPage, TaskStore } from "../ports.ts";

/**
 * The task inbox: the actor's unit (approvers) or, for province roles, a named unit of the
 * province. The cursor is bound to the caller and the query: another query's cursor is a 400.
 */
export async function listTasks(
  ports: { tasks: Pick<TaskStore, "ofUnit"> },
  actor: ScopedActor,
  q: {
    view: "unit" | "mine";
    status?: ReviewTask["status"];
    unitId?: string;
    limit: number;
    cursor?: string;
  },
): Promise<TaskPage> {
  const rule = scopeRuleOf(actor.role, "task.read");
  if (!rule) throw new ForbiddenError(`role ${actor.role} has no task inbox`);
  if (rule === "reviewUnit") {
    const assignee = q.view === "mine" ? actor.id : undefined;
    return ports.tasks.ofUnit(
      actor.unitId,
      { ...(q.status ? { status: q.status } : {}), ...(assignee ? { assignee } : {}) },
      {
        limit: q.limit,
        cursor: q.cursor,
        scope: ["tasks", actor.id, actor.unitId, q.status, assignee],
      },
    );
  }
  if (!q.unitId) throw new ForbiddenError("name the reviewing unit with ?unitId= to see its tasks");
  const page = await ports.tasks.ofUnit(q.unitId, q.status ? { status: q.status } : {}, {
    limit: q.limit,
    cursor: q.cursor,
    scope: ["tasks", actor.id, q.unitId, q.status],
  });
  return { ...page, tasks: page.tasks.filter((t) => t.provinceId === actor.provinceId) };
}

/** One review task, if the actor may read it (`task.read` in the task's scope). */
export async function readTask(
  ports: { tasks: Pick<TaskStore, "find"> },
  actor: ScopedActor,
  id: string,
): Promise<ReviewTask> {
  const t = await ports.tasks.find(id);
  if (!t) throw new NotFoundError(`task ${id} does not exist`);
  authorize(actor, "task.read", scopeOfTask(t));
  return t;
}

/** Most tasks one inbox page reads (the unit's open or decided tasks). */
const INBOX_LIMIT = 100;

export interface Inbox {
  tasks: ReviewTask[];
  /** The communes the actor's unit reviews (the commune filter). */
  communes: Unit[];
  /** Communes of listed tasks that the unit no longer reviews (routing changed since). */
  otherCommunes: Unit[];
}

/**
 * The web inbox of a reviewing unit's member: mine, my unit's, overdue, decided by me, with
 * filters and sorting. The inbox is for reviewing units only.
 */
export async function unitInbox(
  ports: {
    tasks: Pick<TaskStore, "ofUnit">;
    directory: Pick<Directory, "listUnits" | "findUnit">;
  },
  actor: ScopedActor,
  view: InboxView,
  filters: InboxFilters,
  nowMs: number,
): Promise<Inbox> {
  if (scopeRuleOf(actor.role, "task.read") !== "reviewUnit")
    throw new ForbiddenError("the task inbox is for reviewing units");
  const status = view === "decided" ? "DONE" : "OPEN";
  const page = await ports.tasks.ofUnit(
    actor.unitId,
    { status },
    { limit: INBOX_LIMIT, scope: ["inbox", actor.id, status] },
  );
  const tasks = selectTasks(page.tasks, view, actor.id, nowMs, filters);
  const communes = (await ports.directory.listUnits(actor.provinceId)).filter(
    (u) => u.kind === "commune" && u.reviewUnitId === actor.unitId,
  );
  const known = new Set(communes.map((c) => c.id));
  const otherCommunes: Unit[] = [];
  for (const id of new Set(tasks.map((x) => x.communeId))) {
    if (known.has(id)) continue;
    const unit = await ports.directory.findUnit(id);
    if (unit) otherCommunes.push(unit);
  }
  return { tasks, communes, otherCommunes };
}

export interface TaskPageView {
  task: ReviewTask;
  proposal: Proposal;
  commune: Unit | undefined;
  /** What the reader may do now (the page shows exactly these forms). */
  may: TaskPermissions;
  /** Whom the reader may give the task to (when they may reassign). */
  reassignTo: DirectoryUser[];
  /** The proposal's audit events, when the reader may see its history. */
  history?: AuditEvent[];
}

export interface ReadTaskPagePorts {
  tasks: Pick<TaskStore, "find">;
  proposals: Pick<ProposalStore, "find" | "history">;
  directory: Pick<Directory, "findUnit" | "usersOfUnit">;
}

/**
 * What the task page shows: the task, its proposal (no personal data: that needs its own
 * audited read), the commune, what the reader may do, and the history if they may see it.
 */
export async function readTaskPage(
  ports: ReadTaskPagePorts,
  actor: ScopedActor,
  taskId: string,
): Promise<TaskPageView> {
  const task = await readTask(ports, actor, taskId);
  const proposal = await loadAuthorized(ports.proposals, actor, task.proposalId, "proposal.read");
  const may = taskPermissions(actor, {
    ...scopeOfTask(task),
    assignee: task.assignee,
    status: task.status,
  });
  const reassignTo = may.reassign
    ? (await ports.directory.usersOfUnit(task.reviewUnitId, ["approver", "unit_lead"])).filter(
        (u) => u.username !== task.assignee,
      )
    : [];
  const history = can(actor, "proposal.history", scopeOf(proposal))
    ? await ports.proposals.history(proposal.id)
    : undefined;
  return {
    task,
    proposal,
    commune: await ports.directory.findUnit(task.communeId),
    may,
    reassignTo,
    ...(history ? { history } : {}),
  };
}
