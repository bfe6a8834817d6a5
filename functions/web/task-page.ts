import { dynamoAttachmentStore } from "../../shared/attachments/adapters/dynamo-attachment-store.ts";
import { attachmentEntries } from "../../shared/attachments/use-cases/read.ts";
import { attachmentsSection } from "../../shared/attachments/web/attachments-section.ts";
import type { DirectoryUser } from "../../shared/directory/ports.ts";
import { dynamoNormSets, dynamoNormUsage } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { previewNormCheck } from "../../shared/norms/use-cases/norms.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { type ReadTaskPagePorts, readTaskPage } from "../../shared/review/use-cases/list-tasks.ts";
import type { PageCtx } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { type Lang, localTime, money, t } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { decidedLine, decisionForm, taskFacts } from "../../shared/web/views.ts";

function opForm(
  action: string,
  csrf: string,
  op: string,
  label: string,
  extra = "",
  cls = "secondary",
): string {
  return `<form method="post" action="${esc(action)}" class="inline"><input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="op" value="${op}">${extra}<button type="submit" class="${cls}">${esc(label)}</button></form>`;
}

async function normSection(ctx: PageCtx, s: WebSession, proposalId: string): Promise<string> {
  const lang = ctx.lang;
  try {
    const r = await previewNormCheck(
      { proposals: dynamoProposalStore, normSets: dynamoNormSets, usage: dynamoNormUsage },
      s.actor,
      ctx.tx(s, "web"),
      proposalId,
    );
    const rows = r.rules
      .filter((x) => x.severity === "check")
      .map(
        (x) => `<li>${x.passed ? "✓" : "✗"} ${esc(lang === "vi" ? x.messageVi : x.messageEn)}</li>`,
      )
      .join("");
    return `<p class="notice ${r.passed ? "ok" : "error"}">${esc(t(lang, r.passed ? "normPassed" : "normFailed"))}</p><ul>${rows}</ul>`;
  } catch {
    return `<p>${esc(t(lang, "normUnavailable"))}</p>`;
  }
}

function reassignForm(lang: Lang, action: string, csrf: string, people: DirectoryUser[]): string {
  const select = `<label for="assignee">${esc(t(lang, "reassign"))}</label><select id="assignee" name="assignee">${people.map((u) => `<option value="${esc(u.username)}">${esc(u.name)}</option>`).join("")}</select>`;
  return opForm(action, csrf, "reassign", t(lang, "reassignButton"), select);
}

/** The task page: proposal, norm-check preview, attachments, history, and what the reader may do. */
export async function renderTaskPage(
  ports: ReadTaskPagePorts,
  ctx: PageCtx,
  s: WebSession,
  taskId: string,
  status = 200,
  message?: { text: string; kind: "ok" | "error" },
) {
  const lang: Lang = ctx.lang;
  const {
    task,
    proposal: p,
    commune,
    may,
    reassignTo,
    history,
  } = await readTaskPage(ports, s.actor, taskId);
  const action = `/app/tasks/${encodeURIComponent(task.id)}`;
  const csrf = csrfToken(s, action);
  const parts: string[] = [`<h1>${esc(task.reference)}</h1>`];
  if (message)
    parts.push(
      `<p class="notice ${message.kind}" role="${message.kind === "error" ? "alert" : "status"}">${esc(message.text)}</p>`,
    );
  parts.push(
    taskFacts(lang, task, (lang === "vi" ? commune?.nameVi : commune?.nameEn) ?? task.communeId),
  );
  // A member of a batch: the batch page decides it with the others, item by item or at once.
  if (p.batchId)
    parts.push(
      `<p class="notice"><a href="/app/batches/${esc(encodeURIComponent(p.batchId))}">${esc(lang === "vi" ? "Thuộc một danh sách đề xuất: quyết định cùng các mục khác" : "Part of a batch: decide it with the other members")}</a></p>`,
    );

  // Status and who holds it; the forms are exactly what the policy allows the reader now.
  if (task.status === "DONE")
    parts.push(
      `<p class="notice">${esc(decidedLine(lang, task))}${task.comment ? `: “${esc(task.comment)}”` : ""}</p>`,
    );
  else if (task.status === "EXPIRED")
    parts.push(`<p class="notice error">${esc(t(lang, "timedOut"))}</p>`);
  else if (task.status === "CANCELLED")
    parts.push(`<p class="notice">${esc(t(lang, "cancelled"))}</p>`);
  else {
    const holder = task.assigneeName ?? task.assignee;
    const ops: string[] = [];
    if (may.claim) ops.push(opForm(action, csrf, "claim", t(lang, "claim")));
    else if (may.unclaim) ops.push(opForm(action, csrf, "unclaim", t(lang, "unclaim")));
    if (may.reassign && reassignTo.length) ops.push(reassignForm(lang, action, csrf, reassignTo));
    parts.push(
      `<p><strong>${esc(t(lang, "assignee"))}:</strong> ${esc(holder ?? t(lang, "unassigned"))}</p>${ops.join(" ")}`,
    );
    if (may.decide) parts.push(decisionForm(lang, action, csrf));
  }

  // The proposal itself (no personal data of survivors: that needs its own audited read).
  const items = p.items
    .map(
      (i) =>
        `<tr><td>${esc(i.code)}</td><td>${esc(i.description)}</td><td>${esc(money(lang, i.supportAmount))}</td><td>${esc(money(lang, i.totalCost))}</td></tr>`,
    )
    .join("");
  parts.push(`<h2>${esc(t(lang, "title"))}</h2><p>${esc(p.title)}</p>${p.summary ? `<p class="meta">${esc(p.summary)}</p>` : ""}
<dl><dt>${esc(t(lang, "beneficiary"))}</dt><dd>${esc(p.beneficiary.name)} (${esc(p.beneficiary.kind)})</dd></dl>
<h2>${esc(t(lang, "items"))}</h2><div style="overflow-x:auto"><table><thead><tr><th scope="col">#</th><th scope="col">${esc(t(lang, "items"))}</th><th scope="col">${esc(t(lang, "support"))}</th><th scope="col">${esc(t(lang, "totalCost"))}</th></tr></thead><tbody>${items}</tbody></table></div>`);
  parts.push(`<h2>${esc(t(lang, "normCheck"))}</h2>${await normSection(ctx, s, p.id)}`);
  // The proposal's documents (shared/attachments): the reviewer opens them, a survivor's only
  // with the right to read personal data.
  const files = await dynamoAttachmentStore.list(p.id);
  parts.push(attachmentsSection(lang, p.id, attachmentEntries(s.actor, p, files), new Map()));
  if (history) {
    parts.push(
      `<h2>${esc(t(lang, "history"))}</h2><ol>${history.map((e) => `<li>${esc(localTime(lang, e.at))} · ${esc(e.type)} · ${esc(e.actorId)}${e.reason ? ` · ${esc(e.reason)}` : ""}</li>`).join("")}</ol>`,
    );
  }
  parts.push(`<p><a href="/app/tasks">${esc(t(lang, "back"))}</a></p>`);
  return ctx.page(status, task.reference, parts.join("\n"));
}
