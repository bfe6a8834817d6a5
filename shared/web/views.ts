import type { LinkVerdict } from "../review/domain/links.ts";
import type { ReviewTask } from "../review/domain/task.ts";
import { esc } from "./html.ts";
import { activityName, type Lang, localTime, money, t } from "./i18n.ts";

/** The summary an email link may show before sign-in: the same facts the email carries, no personal data. */
export function taskFacts(lang: Lang, task: ReviewTask, communeName: string): string {
  const late =
    task.status === "OPEN" && Date.parse(task.dueAt) < Date.now()
      ? ` <span class="late">(${esc(t(lang, "overdue"))})</span>`
      : "";
  return `<dl>
<dt>${esc(t(lang, "reference"))}</dt><dd>${esc(task.reference)}</dd>
<dt>${esc(t(lang, "activity"))}</dt><dd>${esc(activityName(lang, task.activity))}</dd>
<dt>${esc(t(lang, "commune"))}</dt><dd>${esc(communeName)}</dd>
<dt>${esc(t(lang, "amount"))}</dt><dd>${esc(money(lang, task.amount))}</dd>
<dt>${esc(t(lang, "due"))}</dt><dd>${esc(localTime(lang, task.dueAt))} (${esc(t(lang, "vnTime"))})${late}</dd>
</dl>`;
}

const DONE_KEY = { approve: "approveDone", return: "returnDone", reject: "rejectDone" } as const;

/** "Already decided (approved) by X at T" and the other ends of a task, in the reader's language. */
export function decidedLine(
  lang: Lang,
  task: Pick<ReviewTask, "decision" | "decidedBy" | "decidedByName" | "decidedAt">,
): string {
  const what = task.decision ? t(lang, DONE_KEY[task.decision]) : "";
  return `${t(lang, "alreadyDecided")} (${what}) ${t(lang, "by")} ${task.decidedByName ?? task.decidedBy ?? "?"} ${t(lang, "at")} ${localTime(lang, task.decidedAt)}`;
}

/** What a link that no longer decides says instead of an error page. */
export function verdictMessage(lang: Lang, v: LinkVerdict): string {
  switch (v.kind) {
    case "open":
      return "";
    case "decided":
      return decidedLine(lang, { decision: v.decision, decidedByName: v.by, decidedAt: v.at });
    case "expired_task":
      return t(lang, "timedOut");
    case "cancelled_task":
      return t(lang, "cancelled");
    case "reassigned":
      return `${t(lang, "reassignedTo")} ${v.to}.`;
    case "link_expired":
      return t(lang, "linkExpired");
    case "link_used":
      return `${t(lang, "linkUsed")} (${localTime(lang, v.at)})`;
  }
}

/** The decision form: approve / return / reject with a comment; POST only, CSRF token included. */
export function decisionForm(lang: Lang, action: string, csrf: string, error?: string): string {
  const radio = (value: "approve" | "return" | "reject", checked = false) =>
    `<label><input type="radio" name="decision" value="${value}"${checked ? " checked" : ""} required> ${esc(t(lang, value))}</label>`;
  return `<form method="post" action="${esc(action)}">
${error ? `<p class="notice error" role="alert">${esc(error)}</p>` : ""}
<input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="op" value="decide">
<fieldset><legend>${esc(t(lang, "decision"))}</legend>${radio("approve")}${radio("return")}${radio("reject")}</fieldset>
<label for="comment">${esc(t(lang, "comment"))}</label><textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>
<p><button type="submit">${esc(t(lang, "submitDecision"))}</button></p></form>`;
}
