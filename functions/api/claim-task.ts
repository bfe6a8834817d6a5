import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { ClaimTask } from "../../shared/review/routes.ts";
import { claimTask } from "../../shared/review/use-cases/task-assignment.ts";

const ports = { tasks: dynamoTaskStore, proposals: dynamoProposalStore };

/** POST /v1/tasks/{id}/claim: an approver of the task's unit takes it (409 if someone else holds it). */
export const { handler, lambdaHandler } = apiHandler(ClaimTask, async (ctx, { params }) =>
  json(200, await claimTask(ports, ctx.actor, ctx.tx, params.id)),
);
