import { type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { ForbiddenError } from "../../kernel/errors.ts";
import type { ReviewTask } from "../domain/task.ts";
import type { TaskStore } from "../ports.ts";

/** Open tasks read per reviewing unit (a unit rarely has more open at once). */
const PER_UNIT = 200;

/**
 * The open review tasks past their due time across the reviewing units of the actor's
 * province (the province's oversight), oldest due first: one index query per reviewing unit
 * of the province, never a scan.
 */
export async function provinceOverdue(
  ports: { tasks: Pick<TaskStore, "ofUnit">; directory: Pick<Directory, "listUnits"> },
  actor: ScopedActor,
  nowMs: number,
): Promise<ReviewTask[]> {
  if (scopeRuleOf(actor.role, "task.read") !== "province")
    throw new ForbiddenError("overdue reviews across the province are the province's");
  const units = (await ports.directory.listUnits(actor.provinceId)).filter(
    (u) => u.kind === "review_unit",
  );
  const pages = await Promise.all(
    units.map((u) =>
      ports.tasks.ofUnit(
        u.id,
        { status: "OPEN" },
        { limit: PER_UNIT, scope: ["overdue", actor.id, u.id] },
      ),
    ),
  );
  return pages
    .flatMap((p) => p.tasks)
    .filter((x) => x.provinceId === actor.provinceId && Date.parse(x.dueAt) < nowMs)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
