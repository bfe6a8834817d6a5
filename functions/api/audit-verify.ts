import { VerifyAuditChains } from "../../shared/audit/routes.ts";
import { verifyAllFor, verifyProposalFor } from "../../shared/audit/use-cases/audit-verify.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/**
 * GET /v1/audit/verify?proposalId=…: verifies the hash chains of one proposal; without
 * proposalId, a page of the proposals in the auditor's scope (limit 1-100, cursor). Reports
 * the first broken link. 200 either way: a broken chain is a finding, not a request error.
 */
export const { handler, lambdaHandler } = apiHandler(VerifyAuditChains, async (ctx, { query }) => {
  if (query.proposalId) return json(200, await verifyProposalFor(ctx.actor, query.proposalId));
  return json(200, await verifyAllFor(ctx.actor, query.cursor, query.limit));
});
