import { roleMay } from "../../shared/access/policy.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { WebNewProposal } from "../../shared/proposals/routes.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { renderFormPage } from "./proposal-form-page.ts";

/** GET /app/proposals/new: the form of a new draft (the post saves it in the reader's commune). */
export const { handler, lambdaHandler } = pageHandler(WebNewProposal, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  if (!roleMay(s.actor.role, "proposal.create"))
    throw new ForbiddenError(`role ${s.actor.role} may not draft proposals`);
  return renderFormPage(ctx, s);
});
