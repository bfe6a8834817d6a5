import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { UnclaimTask } from "../../shared/review/routes.ts";
import { unclaimTask } from "../../shared/review/use-cases/task-assignment.ts";

const ports = { tasks: dynamoTaskStore, proposals: dynamoProposalStore };

/** POST /v1/tasks/{id}/unclaim: the holder (or the unit lead) gives the task back to the unit. */
export const { handler, lambdaHandler } = apiHandler(UnclaimTask, async (ctx, { params }) =>
  json(200, await unclaimTask(ports, ctx.actor, ctx.tx, params.id)),
);
