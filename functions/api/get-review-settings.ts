import { can } from "../../shared/access/policy.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { reviewSettings } from "../../shared/review/use-cases/review-settings.ts";

/** GET /v1/settings/review (admin): the SLA, reminder and escalation times, link expiry in force. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  if (!can(ctx.actor, "settings.manage"))
    throw new ForbiddenError(`role ${ctx.actor.role} may not settings.manage here`);
  return json(200, await reviewSettings());
});
