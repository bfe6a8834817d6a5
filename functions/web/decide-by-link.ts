import { linkBindsTo } from "../../shared/access/policy.ts";
import { clock } from "../../shared/clock.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { ConflictError, ValidationError } from "../../shared/kernel/errors.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoLinkStore } from "../../shared/review/adapters/dynamo-link-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { DecideByEmailLink } from "../../shared/review/routes.ts";
import { decideByEmailLink, resolveEmailLink } from "../../shared/review/use-cases/email-links.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid, formOf, signInUrl } from "../../shared/web/session.ts";
import { decidedLine } from "../../shared/web/views.ts";
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";
import { linkBody } from "./link-common.ts";

const ports = {
  links: dynamoLinkStore,
  tasks: dynamoTaskStore,
  directory: dynamoDirectory,
  proposals: dynamoProposalStore,
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
};

const DECISIONS = ["approve", "return", "reject"] as const;
type DecisionKind = (typeof DECISIONS)[number];
const isDecision = (v: string | undefined): v is DecisionKind =>
  (DECISIONS as readonly string[]).includes(v ?? "");

/**
 * POST /l/{linkId}: the approver the link was sent to decides, signed in, with the form's CSRF
 * token. The link is consumed in the decision's own transaction (single use); the decision is
 * the same use case as the web page and the API, channel "email_link".
 */
export const { handler, lambdaHandler } = pageHandler(DecideByEmailLink, async (ctx) => {
  const id = ctx.path("linkId");
  const r = await resolveEmailLink(ports, id, clock.nowMs());
  if (!r)
    return ctx.page(404, t(ctx.lang, "linkInvalid"), `<h1>${esc(t(ctx.lang, "linkInvalid"))}</h1>`);
  const session = ctx.session;
  const signIn = signInUrl(`/l/${id}`);
  if (!session) return ctx.redirect(signIn);
  const again = (status: number, error?: string, fresh = r) =>
    ctx.page(status, r.task.reference, linkBody(ctx.lang, id, fresh, session, signIn, error));
  // The page answers the link's binding and state before the form is even read.
  if (!linkBindsTo(session.actor, r.link)) return again(403);
  if (r.verdict.kind !== "open") return again(409);
  const form = formOf(ctx.event);
  if (!csrfValid(session, `/l/${id}`, form._csrf)) return again(403, t(ctx.lang, "csrf"));
  if (!isDecision(form.decision)) return again(400, t(ctx.lang, "decision"));
  try {
    const res = await decideByEmailLink(ports, session.actor, ctx.tx(session, "email_link"), id, {
      decision: form.decision,
      ...(form.comment?.trim() ? { comment: form.comment.trim() } : {}),
    });
    return ctx.page(
      200,
      r.task.reference,
      `<h1>${esc(r.task.reference)}</h1><p class="notice ok" role="status">${esc(t(ctx.lang, "recorded"))} ${esc(decidedLine(ctx.lang, res.task))}</p>
<p><a href="/app/tasks/${encodeURIComponent(r.task.id)}">${esc(t(ctx.lang, "openTask"))}</a> · <a href="/app/tasks">${esc(t(ctx.lang, "back"))}</a></p>`,
    );
  } catch (err) {
    if (err instanceof ValidationError)
      return again(
        400,
        err.errors.some((e) => e.field === "comment") ? t(ctx.lang, "comment") : err.message,
      );
    if (err instanceof ConflictError) {
      const now = await resolveEmailLink(ports, id, clock.nowMs());
      return again(409, now && now.verdict.kind !== "open" ? undefined : err.message, now ?? r);
    }
    throw err;
  }
});
