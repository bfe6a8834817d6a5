import { authorize, type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import { ForbiddenError } from "../../kernel/errors.ts";
import { loadTask, tasksOfUnit } from "../adapters/dynamo-task-store.ts";
import type { ReviewTask } from "../domain/task.ts";

/** The task inbox: the actor's unit (approvers) or, for province roles, a named unit of the province. */
export async function listTasks(
  actor: ScopedActor,
  q: {
    view: "unit" | "mine";
    status?: ReviewTask["status"];
    unitId?: string;
    limit: number;
    cursor?: string;
  },
) {
  const rule = scopeRuleOf(actor.role, "task.read");
  if (!rule) throw new ForbiddenError(`role ${actor.role} has no task inbox`);
  if (rule === "reviewUnit") {
    return tasksOfUnit(
      actor.unitId,
      q.status,
      q.limit,
      q.cursor,
      q.view === "mine" ? actor.id : undefined,
    );
  }
  if (!q.unitId) throw new ForbiddenError("name the reviewing unit with ?unitId= to see its tasks");
  const page = await tasksOfUnit(q.unitId, q.status, q.limit, q.cursor);
  return { ...page, tasks: page.tasks.filter((t) => t.provinceId === actor.provinceId) };
}

/** One review task, if the actor may read it (`task.read` in the task's scope). */
export async function readTask(actor: ScopedActor, id: string): Promise<ReviewTask> {
  const t = await loadTask(id);
  authorize(actor, "task.read", {
    communeId: t.communeId,
    reviewUnitId: t.reviewUnitId,
    provinceId: t.provinceId,
  });
  return t;
}
