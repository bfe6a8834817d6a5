import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { WebEditProposal } from "../../shared/proposals/routes.ts";
import { loadAuthorized } from "../../shared/proposals/use-cases/proposals.ts";
import { ct } from "../../shared/web/commune-text.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { proposalPath, renderFormPage } from "./proposal-form-page.ts";

/** GET /app/proposals/{id}/edit: the form of a draft or returned proposal, at its version. */
export const { handler, lambdaHandler } = pageHandler(WebEditProposal, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const p = await loadAuthorized(dynamoProposalStore, s.actor, ctx.path("id"), "proposal.edit");
  if (p.status !== "DRAFT" && p.status !== "RETURNED")
    return ctx.page(
      409,
      p.reference,
      `<h1>${esc(p.reference)}</h1><p class="notice error" role="alert">${esc(ct(ctx.lang, "notEditable"))}</p><p><a href="${esc(proposalPath(p.id))}">${esc(p.reference)}</a></p>`,
    );
  return renderFormPage(ctx, s, { proposal: p });
});
