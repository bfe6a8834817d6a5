import { roleMay } from "../../shared/access/policy.ts";
import { WebFinanceInbox } from "../../shared/funding/routes.ts";
import { L, statusLabel } from "../../shared/funding/web/finance-views.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { formatDongVi } from "../../shared/norms/domain/money.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import type { Proposal } from "../../shared/proposals/domain/proposal.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";

const STATUSES = ["APPROVED", "DISBURSING", "MONITORING"] as const;

/** GET /app/finance: the province's proposals awaiting payment, settlement or a refund. */
export const { handler, lambdaHandler } = pageHandler(WebFinanceInbox, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  if (!roleMay(s.actor.role, "disbursement.record"))
    throw new ForbiddenError("the finance pages are for finance officers");
  const lang = ctx.lang;
  const sections: string[] = [];
  for (const status of STATUSES) {
    const page = await dynamoProposalStore.inProvince(s.actor.provinceId, status, {
      limit: 50,
      scope: { finance: s.actor.id, status },
    });
    // Monitoring proposals need finance only while a settlement or a refund is outstanding.
    const rows = page.proposals.filter(
      (p: Proposal) =>
        status !== "MONITORING" ||
        !p.settlement ||
        p.settlement.refundDue > p.settlement.refundReceived,
    );
    const items = rows
      .map(
        (p) =>
          `<li><a href="/app/finance/${encodeURIComponent(p.id)}"><strong>${esc(p.reference)}</strong></a> · ${esc(p.title)}<div class="meta">${esc(formatDongVi(p.approvedAmount ?? 0))} · ${esc(L(lang, "đã chi", "paid"))} ${esc(formatDongVi(p.disbursedTotal))}</div></li>`,
      )
      .join("");
    sections.push(
      `<h2>${esc(statusLabel(lang, status))} (${rows.length})</h2>${items ? `<ul class="tasks">${items}</ul>` : `<p>${esc(L(lang, "Không có.", "None."))}</p>`}`,
    );
  }
  const title = L(lang, "Tài chính: giải ngân và quyết toán", "Finance: payments and settlement");
  return ctx.page(200, title, `<h1>${esc(title)}</h1>${sections.join("")}`);
});
