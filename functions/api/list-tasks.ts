import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { ListTasks } from "../../shared/review/routes.ts";
import { listTasks } from "../../shared/review/use-cases/list-tasks.ts";

const ports = { tasks: dynamoTaskStore };

/** GET /v1/tasks: review tasks of the caller's unit (or assigned to the caller), due first. */
export const { handler, lambdaHandler } = apiHandler(ListTasks, async (ctx, { query }) =>
  json(200, await listTasks(ports, ctx.actor, query)),
);
