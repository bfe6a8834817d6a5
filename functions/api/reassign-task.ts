import { ReassignInput } from "../../shared/contract/operations-approver.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { reassignTask } from "../../shared/review/use-cases/task-assignment.ts";

/** POST /v1/tasks/{id}/reassign: the unit lead gives the task to another approver; older email links stop working. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const input = parseJson(ctx.event.body, ReassignInput, ctx.event.isBase64Encoded);
  return json(200, await reassignTask(ctx.actor, ctx.tx, ctx.path("id"), input.assignee));
});
