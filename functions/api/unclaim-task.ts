import { apiHandler, json } from "../../shared/http/handler.ts";
import { unclaimTask } from "../../shared/review/use-cases/task-assignment.ts";

/** POST /v1/tasks/{id}/unclaim: the holder (or the unit lead) gives the task back to the unit. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) =>
  json(200, await unclaimTask(ctx.actor, ctx.tx, ctx.path("id"))),
);
