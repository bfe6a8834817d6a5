import { clock } from "../../shared/clock.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoLinkStore } from "../../shared/review/adapters/dynamo-link-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { OpenEmailLink } from "../../shared/review/routes.ts";
import { resolveEmailLink } from "../../shared/review/use-cases/email-links.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { t } from "../../shared/web/i18n.ts";
import { signInUrl } from "../../shared/web/session.ts";
import { linkBody } from "./link-common.ts";

const ports = { links: dynamoLinkStore, tasks: dynamoTaskStore, directory: dynamoDirectory };

/**
 * GET /l/{linkId}: what an email link opens. It never changes anything (mail scanners follow
 * links): it shows the summary and, for the approver it was sent to, the decision form.
 */
export const { handler, lambdaHandler } = pageHandler(OpenEmailLink, async (ctx) => {
  const id = ctx.path("linkId");
  const r = await resolveEmailLink(ports, id, clock.nowMs());
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
