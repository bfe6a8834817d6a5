import { verifyChain } from "../../shared/audit/domain/chain.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalHistory } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { loadAuthorized } from "../../shared/proposals/use-cases/proposals.ts";

/** GET /v1/proposals/{id}/history: the audit events of a proposal in order, with the chain verdict. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const p = await loadAuthorized(ctx.actor, ctx.path("id"), "proposal.history");
  const events = await proposalHistory(p.id);
  return json(200, {
    proposalId: p.id,
    reference: p.reference,
    chain: verifyChain(events),
    events,
  });
});
