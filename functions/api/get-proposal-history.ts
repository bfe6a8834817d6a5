import { proposalHistory } from "../../shared/adapters/proposal-store.ts";
import { verifyChain } from "../../shared/domain/audit.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { loadAuthorized } from "../../shared/use-cases/proposals.ts";

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
