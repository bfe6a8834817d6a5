import { apiHandler, json } from "../../shared/http/handler.ts";
import { UnclaimTask } from "../../shared/review/routes.ts";
import { unclaimTask } from "../../shared/review/use-cases/task-assignment.ts";

/** POST /v1/tasks/{id}/unclaim: the holder (or the unit lead) gives the task back to the unit. */
export const { handler, lambdaHandler } = apiHandler(UnclaimTask, async (ctx, { params }) =>
  json(200, await unclaimTask(ctx.actor, ctx.tx, params.id)),
);
