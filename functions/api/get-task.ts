import { apiHandler, json } from "../../shared/http/handler.ts";
import { taskView } from "../../shared/proposals/views.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { GetTask } from "../../shared/review/routes.ts";
import { readTask } from "../../shared/review/use-cases/list-tasks.ts";

const ports = { tasks: dynamoTaskStore };

/** GET /v1/tasks/{id}: one review task (never its workflow token). */
export const { handler, lambdaHandler } = apiHandler(GetTask, async (ctx, { params }) =>
  json(200, taskView(await readTask(ports, ctx.actor, params.id))),
);
