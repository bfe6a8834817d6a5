import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { DecisionInput } from "../../shared/proposals/schemas.ts";
import { decideTask } from "../../shared/review/use-cases/review.ts";

/** POST /v1/tasks/{id}/decision: approve, return (comment required) or reject (reason required). */
export const { handler, lambdaHandler } = apiHandler(
  async (ctx) => {
    const input = parseJson(ctx.event.body, DecisionInput, ctx.event.isBase64Encoded);
    const res = await decideTask(ctx.actor, ctx.tx, ctx.path("id"), input);
    return json(200, { task: res.task, proposalStatus: res.status });
  },
  { idempotent: true },
);
