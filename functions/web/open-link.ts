import { clock } from "../../shared/clock.ts";
import { OpenEmailLink } from "../../shared/review/routes.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { t } from "../../shared/web/i18n.ts";
import { signInUrl } from "../../shared/web/session.ts";
import { linkBody, resolveLink } from "./link-common.ts";

/**
 * GET /l/{linkId}: what an email link opens. It never changes anything (mail scanners follow
 * links): it shows the summary and, for the approver it was sent to, the decision form.
 */
export const { handler, lambdaHandler } = pageHandler(OpenEmailLink, async (ctx) => {
  const id = ctx.path("linkId");
  const r = await resolveLink(id, clock.nowMs());
  if (!r)
    return ctx.page(
      404,
      t(ctx.lang, "linkInvalid"),
      `<h1>${esc(t(ctx.lang, "linkInvalid"))}</h1><p><a href="/app/tasks">${esc(t(ctx.lang, "back"))}</a></p>`,
    );
  return ctx.page(
    200,
    r.task.reference,
    linkBody(ctx.lang, id, r, ctx.session, signInUrl(`/l/${id}`)),
  );
});
