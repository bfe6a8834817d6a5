import { linkBindsTo } from "../../shared/access/policy.ts";
import type { ResolvedLink } from "../../shared/review/use-cases/email-links.ts";
import { esc } from "../../shared/web/html.ts";
import { type Lang, t } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { decisionForm, taskFacts, verdictMessage } from "../../shared/web/views.ts";

/** The body of a link page: the summary, then the form, a sign-in button or what happened. */
export function linkBody(
  lang: Lang,
  linkId: string,
  r: ResolvedLink,
  session: WebSession | undefined,
  signIn: string,
  error?: string,
): string {
  const action = `/l/${linkId}`;
  const facts = taskFacts(lang, r.task, r.communeName);
  const openTask = `<p><a href="/app/tasks/${encodeURIComponent(r.task.id)}">${esc(t(lang, "openTask"))}</a></p>`;
  let tail: string;
  if (r.verdict.kind !== "open") {
    tail = `<p class="notice" role="status">${esc(verdictMessage(lang, r.verdict))}</p>${openTask}`;
  } else if (!session) {
    tail = `<p class="notice">${esc(t(lang, "signInNeeded"))}</p><p><a href="${esc(signIn)}"><strong>${esc(t(lang, "signIn"))}</strong></a></p>`;
  } else if (!linkBindsTo(session.actor, r.link)) {
    tail = `<p class="notice error" role="alert">${esc(t(lang, "wrongUser"))}</p>`;
  } else {
    tail = decisionForm(lang, action, csrfToken(session, action), error) + openTask;
  }
  return `<h1>${esc(t(lang, "decision"))}: ${esc(r.task.reference)}</h1>${facts}${tail}`;
}
