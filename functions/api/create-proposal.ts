import { apiHandler, json } from "../../shared/http/handler.ts";
import { CreateProposal } from "../../shared/proposals/routes.ts";
import { createProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals: a commune officer creates a draft. */
export const { handler, lambdaHandler } = apiHandler(CreateProposal, async (ctx, { body }) => {
  const p = await createProposal(ctx.actor, ctx.tx, body);
  return json(201, proposalView(p), { location: `/v1/proposals/${p.id}`, etag: `"${p.version}"` });
});
