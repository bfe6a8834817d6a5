import { authorize } from "../../shared/access/policy.ts";
import { fundingRecords } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { unseal } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { recordPersonalRead } from "../../shared/privacy/use-cases/personal-reads.ts";
import { loadAuthorized, scopeOf } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/**
 * GET /v1/proposals/{id}. Personal data is returned only with ?include=personal, only to roles
 * allowed to see it, and every such read is recorded in the audit trail.
 */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const p = await loadAuthorized(ctx.actor, ctx.path("id"), "proposal.read");
  const wantsPersonal = ctx.event.queryStringParameters?.include === "personal";
  let personal: Awaited<ReturnType<typeof unseal>> | undefined;
  if (wantsPersonal && p.personal) {
    authorize(ctx.actor, "personal.read", scopeOf(p));
    personal = await unseal(p.personal);
    await recordPersonalRead(p, ctx.tx);
  }
  const funding = await fundingRecords(p.id);
  return json(200, { ...proposalView(p, personal), ...funding }, { etag: `"${p.version}"` });
});
