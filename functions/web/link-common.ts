import { findUnit } from "../../shared/directory/adapters/dynamo-directory.ts";
import { findLink } from "../../shared/review/adapters/dynamo-link-store.ts";
import { findTaskWithToken } from "../../shared/review/adapters/dynamo-task-store.ts";
import {
  type EmailLink,
  hashLinkId,
  isLinkIdShape,
  type LinkVerdict,
  linkVerdict,
} from "../../shared/review/domain/links.ts";
import type { ReviewTask } from "../../shared/review/domain/task.ts";
import { esc } from "../../shared/web/html.ts";
import { type Lang, t } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { decisionForm, taskFacts, verdictMessage } from "../../shared/web/views.ts";

export interface ResolvedLink {
  link: EmailLink;
  task: ReviewTask;
  verdict: LinkVerdict;
  communeName: string;
}

/** The link behind an id from a URL, with its task and what it leads to; undefined if unknown. */
export async function resolveLink(
  linkId: string,
  nowMs: number,
): Promise<ResolvedLink | undefined> {
  if (!isLinkIdShape(linkId)) return undefined;
  const link = await findLink(hashLinkId(linkId));
  if (!link) return undefined;
  const found = await findTaskWithToken(link.taskId);
  if (!found) return undefined;
  const commune = await findUnit(found.task.communeId);
  return {
    link,
    task: found.task,
    verdict: linkVerdict(link, found.task, nowMs),
    communeName: commune?.nameVi ?? found.task.communeId,
  };
}

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
  } else if (session.actor.id !== r.link.username) {
    tail = `<p class="notice error" role="alert">${esc(t(lang, "wrongUser"))}</p>`;
  } else {
    tail = decisionForm(lang, action, csrfToken(session, action), error) + openTask;
  }
  return `<h1>${esc(t(lang, "decision"))}: ${esc(r.task.reference)}</h1>${facts}${tail}`;
}
