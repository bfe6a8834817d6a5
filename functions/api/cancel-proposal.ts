import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { CancelInput } from "../../shared/proposals/schemas.ts";
import { cancelProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/cancel: the commune withdraws a draft or returned proposal. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const { reason } = parseJson(ctx.event.body, CancelInput, ctx.event.isBase64Encoded);
  const p = await cancelProposal(ctx.actor, ctx.tx, ctx.path("id"), reason);
  return json(200, proposalView(p));
});
