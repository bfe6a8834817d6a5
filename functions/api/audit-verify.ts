import { verifyAllFor, verifyProposalFor } from "../../shared/audit/use-cases/audit-verify.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";

/**
 * GET /v1/audit/verify?proposalId=…: verifies the hash chains of one proposal; without
 * proposalId, a page of the proposals in the auditor's scope (limit 1-100, cursor). Reports
 * the first broken link. 200 either way: a broken chain is a finding, not a request error.
 */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const q = ctx.event.queryStringParameters ?? {};
  if (q.proposalId) return json(200, await verifyProposalFor(ctx.actor, q.proposalId));
  const limit = q.limit === undefined ? 25 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ValidationError("limit must be 1 to 100", [{ field: "limit", message: "1 to 100" }]);
  }
  return json(200, await verifyAllFor(ctx.actor, q.cursor, limit));
});
