import { linkBindsTo } from "../../shared/access/policy.ts";
import type { ResolvedLink } from "../../shared/review/use-cases/email-links.ts";
import { esc } from "../../shared/web/html.ts";
import { type Lang, t } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { decisionForm, taskFacts, verdictMessage } from "../../shared/web/views.ts";

/**
 * The body of a link page: the summary, then the form, a sign-in button or what happened.
 * A link can leak without its mail (browser history, a forwarded URL, a proxy's log), so
 * before sign-in the page shows only the reference, which the mail's subject carries anyway:
 * activity, commune and amount of an A4 proposal would name a survivor case in a commune
 * (issue 16). A signed-in user the link was not sent to sees no more than that either.
 */
export function linkBody(
  lang: Lang,
  linkId: string,
  r: ResolvedLink,
  session: WebSession | undefined,
  signIn: string,
  error?: string,
): string {
  const action = `/l/${linkId}`;
  const heading = `<h1>${esc(t(lang, "decision"))}: ${esc(r.task.reference)}</h1>`;
  if (!session) {
    return `${heading}<p class="notice">${esc(t(lang, "signInNeeded"))}</p><p><a href="${esc(signIn)}"><strong>${esc(t(lang, "signIn"))}</strong></a></p>`;
  }
  if (!linkBindsTo(session.actor, r.link)) {
    return `${heading}<p class="notice error" role="alert">${esc(t(lang, "wrongUser"))}</p>`;
  }
  const facts = taskFacts(lang, r.task, r.communeName);
  const openTask = `<p><a href="/app/tasks/${encodeURIComponent(r.task.id)}">${esc(t(lang, "openTask"))}</a></p>`;
  const tail =
    r.verdict.kind !== "open"
      ? `<p class="notice" role="status">${esc(verdictMessage(lang, r.verdict))}</p>${openTask}`
      : decisionForm(lang, action, csrfToken(session, action), error) + openTask;
  return `${heading}${facts}${tail}`;
}
