import { CloseProposal } from "../../shared/funding/routes.ts";
import { closeProposal } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/close: the reviewing unit closes a monitored proposal. */
export const { handler, lambdaHandler } = apiHandler(
  CloseProposal,
  async (ctx, { params, body }) => {
    const p = await closeProposal(ctx.actor, ctx.tx, params.id, body.comment);
    return json(200, proposalView(p));
  },
);
