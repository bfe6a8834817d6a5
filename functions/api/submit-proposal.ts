import { apiHandler, json } from "../../shared/http/handler.ts";
import { SubmitProposal } from "../../shared/proposals/routes.ts";
import { submitProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/submit: send a draft (or a returned proposal) to its reviewing unit. */
export const { handler, lambdaHandler } = apiHandler(
  SubmitProposal,
  async (ctx, { params, ifMatch }) => {
    const p = await submitProposal(ctx.actor, ctx.tx, params.id, ifMatch);
    return json(202, proposalView(p), { etag: `"${p.version}"` });
  },
);
