import { CloseInput } from "../../shared/api/schemas.ts";
import { proposalView } from "../../shared/api/views.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { closeProposal } from "../../shared/use-cases/funding.ts";

/** POST /v1/proposals/{id}/close: the reviewing unit closes a monitored proposal. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const { comment } = parseJson(ctx.event.body, CloseInput, ctx.event.isBase64Encoded);
  const p = await closeProposal(ctx.actor, ctx.tx, ctx.path("id"), comment);
  return json(200, proposalView(p));
});
