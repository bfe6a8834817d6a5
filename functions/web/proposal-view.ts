import type { ScopedActor } from "../../shared/access/policy.ts";
import { dynamoAttachmentStore } from "../../shared/attachments/adapters/dynamo-attachment-store.ts";
import { attachableKinds, attachmentEntries } from "../../shared/attachments/use-cases/read.ts";
import { attachmentForm } from "../../shared/attachments/web/attachments-form.ts";
import {
  attachmentsPath,
  attachmentsSection,
} from "../../shared/attachments/web/attachments-section.ts";
import { formatCitation, formatMoney } from "../../shared/kernel/display.ts";
import { ACTIVITY_NAMES, BENEFICIARY_KIND_NAMES } from "../../shared/kernel/vocabulary.ts";
import { dynamoNormSets, dynamoNormUsage } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import type { NormCheckResult } from "../../shared/norms/domain/types.ts";
import { previewNormCheckOf } from "../../shared/norms/use-cases/norms.ts";
import { totalSupport } from "../../shared/proposals/domain/proposal.ts";
import {
  type ProposalPagePorts,
  readProposalPage,
} from "../../shared/proposals/use-cases/proposal-page.ts";
import { ct } from "../../shared/web/commune-text.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { statusBadge, timeline, timelineEntries } from "../../shared/web/timeline.ts";
import { proposalPath } from "./proposal-form-page.ts";

export interface Notice {
  text: string;
  kind: "ok" | "error";
}

/** The norm pre-check as the commune reads it: the verdict, then each rule that failed, cited. */
function normSection(lang: Lang, r: NormCheckResult | undefined): string {
  const head = `<h2>${esc(ct(lang, "normPrecheck"))}</h2><p class="hint">${esc(ct(lang, "normPrecheckHint"))}</p>`;
  if (!r) return `${head}<p class="notice">${esc(ct(lang, "normUnavailable"))}</p>`;
  const line = (x: NormCheckResult["rules"][number]) =>
    `<li>${x.passed ? "✓" : "<strong>✗</strong>"} ${esc(lang === "vi" ? x.messageVi : x.messageEn)}${x.citation ? ` <span class="meta">(${esc(formatCitation(lang, x.citation))})</span>` : ""}</li>`;
  const checks = r.rules.filter((x) => x.severity === "check");
  const failed = checks.filter((x) => !x.passed);
  const passed = checks.filter((x) => x.passed);
  // On a phone the breaches come first; the rules met stay folded.
  const met = passed.length
    ? `<details><summary>${esc(lang === "vi" ? `Các quy định đã đạt (${passed.length})` : `Rules met (${passed.length})`)}</summary><ul>${passed.map(line).join("")}</ul></details>`
    : "";
  return `${head}<p class="notice ${r.passed ? "ok" : "error"}" id="norm-verdict">${esc(ct(lang, r.passed ? "normPassed" : "normFailed"))}</p>${failed.length ? `<ul>${failed.map(line).join("")}</ul>` : ""}${met}`;
}

/**
 * The proposal page: status (and the reviewer's comment when returned or rejected), the facts,
 * the items, the norm pre-check and the submit button while the commune may still change it,
 * the timeline from the audit history. What the reader may do comes from the policy.
 */
export async function renderProposalPage(
  ports: ProposalPagePorts,
  ctx: PageCtx,
  s: WebSession,
  id: string,
  status = 200,
  notice?: Notice,
  opts: { saved?: string } = {},
): Promise<PageResult> {
  const lang = ctx.lang;
  const v = await readProposalPage(ports, s.actor as ScopedActor, id);
  const p = v.proposal;
  const action = proposalPath(p.id);
  const parts: string[] = [`<h1>${esc(p.reference)} ${statusBadge(lang, p.status)}</h1>`];
  if (notice)
    parts.push(
      `<p class="notice ${notice.kind}" role="${notice.kind === "error" ? "alert" : "status"}">${esc(notice.text)}</p>`,
    );
  const comment = p.lastDecision?.comment ?? p.statusReason;
  if ((p.status === "RETURNED" || p.status === "REJECTED") && comment) {
    const who = p.lastDecision ? v.names.get(p.lastDecision.by) : undefined;
    parts.push(
      `<div class="notice error" id="reviewer-comment"><p><strong>${esc(ct(lang, p.status === "RETURNED" ? "returnedBy" : "rejectedBy"))}</strong></p><p>${esc(ct(lang, "reviewerComment"))}${who ? ` (${esc(who)})` : ""}: “${esc(comment)}”</p></div>`,
    );
  }
  const communeName = (lang === "vi" ? v.commune?.nameVi : v.commune?.nameEn) ?? v.commune?.nameVi;
  const unitName =
    (lang === "vi" ? v.reviewUnit?.nameVi : v.reviewUnit?.nameEn) ?? v.reviewUnit?.nameVi;
  parts.push(`<h2>${esc(p.title)}</h2>${p.summary ? `<p>${esc(p.summary)}</p>` : ""}<dl>
<dt>${esc(ct(lang, "activity"))}</dt><dd>${esc(ACTIVITY_NAMES[p.activity][lang])}</dd>
<dt>${esc(ct(lang, "beneficiary"))}</dt><dd>${esc(p.beneficiary.name)} – ${esc(BENEFICIARY_KIND_NAMES[p.beneficiary.kind][lang])}</dd>
${communeName ? `<dt>${esc(ct(lang, "commune"))}</dt><dd>${esc(communeName)}</dd>` : ""}
${unitName ? `<dt>${esc(ct(lang, "reviewUnit"))}</dt><dd>${esc(unitName)}</dd>` : ""}
<dt>${esc(ct(lang, "totalSupport"))}</dt><dd>${esc(formatMoney(lang, totalSupport(p.items)))}</dd>
${p.approvedAmount !== undefined ? `<dt>${esc(ct(lang, "approvedAmount"))}</dt><dd>${esc(formatMoney(lang, p.approvedAmount))}</dd>` : ""}
${p.disbursedTotal > 0 ? `<dt>${esc(ct(lang, "disbursed"))}</dt><dd>${esc(formatMoney(lang, p.disbursedTotal))}</dd>` : ""}
</dl>`);
  const rows = p.items
    .map(
      (i, n) =>
        `<tr><td>${n + 1}</td><td>${esc(i.description)}</td><td>${esc(formatMoney(lang, i.supportAmount))}</td><td>${esc(formatMoney(lang, i.totalCost))}</td></tr>`,
    )
    .join("");
  parts.push(
    `<h2>${esc(ct(lang, "items"))}</h2><div class="scroll"><table><thead><tr><th scope="col">#</th><th scope="col">${esc(ct(lang, "itemDescription"))}</th><th scope="col">${esc(ct(lang, "supportAmount"))}</th><th scope="col">${esc(ct(lang, "totalCost"))}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  );

  // While the commune may change it: the norm pre-check, then edit and submit.
  if (v.may.edit || v.may.submit) {
    let check: NormCheckResult | undefined;
    if (v.may.previewNorms) {
      // On the proposal just read: no second read of it.
      check = await previewNormCheckOf(
        { normSets: dynamoNormSets, usage: dynamoNormUsage },
        s.actor as ScopedActor,
        ctx.tx(s, "web"),
        p,
      ).catch(() => undefined);
      parts.push(normSection(lang, check));
    }
    const csrf = csrfToken(s, action);
    const label =
      check && !check.passed
        ? ct(lang, "submitAnyway")
        : p.status === "RETURNED"
          ? ct(lang, "resubmit")
          : ct(lang, "submit");
    parts.push(`<div class="actions">${v.may.edit ? `<a href="${esc(`${action}/edit`)}">${esc(ct(lang, p.status === "RETURNED" ? "editAndResubmit" : "edit"))}</a>` : ""}
${v.may.submit ? `<form method="post" action="${esc(action)}"><input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="_version" value="${p.version}"><button type="submit" name="op" value="submit"${check && !check.passed ? ' class="secondary"' : ""}>${esc(label)}</button></form>` : ""}</div>`);
  }

  // The attachments (shared/attachments) and, for whoever may attach now, the upload form.
  const files = await dynamoAttachmentStore.list(p.id);
  const kinds = attachableKinds(s.actor as ScopedActor, p);
  parts.push(
    attachmentsSection(
      lang,
      p.id,
      attachmentEntries(s.actor as ScopedActor, p, files),
      v.names,
      kinds.length > 0
        ? attachmentForm(lang, p.id, {
            csrf: csrfToken(s, attachmentsPath(p.id)),
            kinds,
            back: "proposal",
          })
        : "",
    ),
  );
  // While the commune may report: the monitoring report form (photos go with the attachments).
  if (v.may.fileReport) parts.push(reportForm(lang, csrfToken(s, reportsPath(p.id)), p.id));

  if (v.history)
    parts.push(
      `<h2>${esc(ct(lang, "timeline"))}</h2>${timeline(lang, timelineEntries(lang, v.history, v.names))}`,
    );
  parts.push(`<p><a href="/app/proposals">${esc(ct(lang, "back"))}</a></p>`);
  return ctx.page(status, p.reference, parts.join("\n"), opts);
}

/** Where the commune's monitoring report form posts. */
export const reportsPath = (id: string) => `/app/proposals/${encodeURIComponent(id)}/reports`;

function reportForm(lang: Lang, csrf: string, id: string): string {
  const options = (["on_track", "delayed", "problem"] as const)
    .map((o) => `<option value="${o}">${esc(ct(lang, `progress_${o}`))}</option>`)
    .join("");
  return `<h2>${esc(ct(lang, "reports"))}</h2><p class="meta">${esc(ct(lang, "reportIntro"))}</p>
<form method="post" action="${esc(reportsPath(id))}"><input type="hidden" name="_csrf" value="${esc(csrf)}">
<label for="r-period">${esc(ct(lang, "reportPeriod"))}</label><input id="r-period" name="period" type="month" required>
<label for="r-used">${esc(ct(lang, "reportUsed"))}</label><input id="r-used" name="usedAmount" inputmode="numeric" required>
<label for="r-progress">${esc(ct(lang, "reportProgress"))}</label><select id="r-progress" name="progress">${options}</select>
<label for="r-summary">${esc(ct(lang, "reportSummary"))}</label><textarea id="r-summary" name="summary" rows="3" maxlength="4000" required></textarea>
<button type="submit">${esc(ct(lang, "reportSubmit"))}</button></form>`;
}
