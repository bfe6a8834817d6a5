import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { DecideTask } from "../../shared/review/routes.ts";
import { decideTask } from "../../shared/review/use-cases/review.ts";
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";

const ports = {
  tasks: dynamoTaskStore,
  proposals: dynamoProposalStore,
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
};

/** POST /v1/tasks/{id}/decision: approve, return (comment required) or reject (reason required). */
export const { handler, lambdaHandler } = apiHandler(DecideTask, async (ctx, { params, body }) => {
  const res = await decideTask(ports, ctx.actor, ctx.tx, params.id, body);
  return json(200, { task: res.task, proposalStatus: res.status });
});
