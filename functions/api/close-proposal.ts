import { closeProposal } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { CloseInput } from "../../shared/proposals/schemas.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/close: the reviewing unit closes a monitored proposal. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const { comment } = parseJson(ctx.event.body, CloseInput, ctx.event.isBase64Encoded);
  const p = await closeProposal(ctx.actor, ctx.tx, ctx.path("id"), comment);
  return json(200, proposalView(p));
});
