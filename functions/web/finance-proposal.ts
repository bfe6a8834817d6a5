import { authorize, can } from "../../shared/access/policy.ts";
import { dynamoAttachmentStore } from "../../shared/attachments/adapters/dynamo-attachment-store.ts";
import { attachableKinds, attachmentEntries } from "../../shared/attachments/use-cases/read.ts";
import { attachNotice } from "../../shared/attachments/web/attach-notices.ts";
import { attachmentForm } from "../../shared/attachments/web/attachments-form.ts";
import {
  attachmentsPath,
  attachmentsSection,
} from "../../shared/attachments/web/attachments-section.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { WebFinanceProposal } from "../../shared/funding/routes.ts";
import {
  L,
  ledgerTable,
  moneyFacts,
  paymentForm,
  refundForm,
  settlementForm,
} from "../../shared/funding/web/finance-views.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { refundOutstanding } from "../../shared/proposals/domain/funding-lifecycle.ts";
import { loadAuthorized, scopeOf } from "../../shared/proposals/use-cases/proposals.ts";
import type { PageCtx } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

/** The finance page of a proposal, with a message after a form post. */
export async function renderFinancePage(
  ctx: PageCtx,
  s: WebSession,
  id: string,
  status = 200,
  message?: { text: string; kind: "ok" | "error" },
) {
  const lang = ctx.lang;
  const p = await loadAuthorized(dynamoProposalStore, s.actor, id, "proposal.read");
  authorize(s.actor, "disbursement.record", scopeOf(p));
  const action = `/app/finance/${encodeURIComponent(p.id)}`;
  const csrf = csrfToken(s, action);
  const { disbursements } = await dynamoFundingReader.records(p.id);
  const payable = (p.status === "APPROVED" || p.status === "DISBURSING") && !p.settlement;
  const kinds = attachableKinds(s.actor, p);
  const settleable = ["APPROVED", "DISBURSING", "MONITORING"].includes(p.status) && !p.settlement;
  const parts = [
    `<h1>${esc(p.reference)}</h1>`,
    message
      ? `<p class="notice ${message.kind}" role="${message.kind === "error" ? "alert" : "status"}">${esc(message.text)}</p>`
      : "",
    moneyFacts(lang, p),
    `<h2>${esc(L(lang, "Sổ chi", "Ledger"))}</h2>`,
    ledgerTable(
      lang,
      p,
      disbursements,
      action,
      csrf,
      can(s.actor, "disbursement.reverse", scopeOf(p)) && !p.settlement,
    ),
    payable ? paymentForm(lang, action, csrf) : "",
    settleable ? settlementForm(lang, action, csrf) : "",
    refundOutstanding(p) > 0 ? refundForm(lang, action, csrf) : "",
    // The payment voucher (chứng từ chi) and other documents (shared/attachments).
    attachmentsSection(
      lang,
      p.id,
      attachmentEntries(s.actor, p, await dynamoAttachmentStore.list(p.id)),
      new Map(),
      kinds.length > 0
        ? attachmentForm(lang, p.id, {
            csrf: csrfToken(s, attachmentsPath(p.id)),
            kinds,
            back: "finance",
          })
        : "",
    ),
    `<p><a href="/app/finance">${esc(L(lang, "← Danh sách", "← List"))}</a></p>`,
  ];
  return ctx.page(status, p.reference, parts.join(""));
}

/** GET /app/finance/{id}: ledger, payment, settlement, reversal and refund of one proposal. */
export const { handler, lambdaHandler } = pageHandler(WebFinanceProposal, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const done = ctx.query("done");
  const attached = ctx.query("attached");
  const attachError = attachNotice(ctx.lang, ctx.query("attachError"));
  return renderFinancePage(
    ctx,
    s,
    ctx.path("id"),
    200,
    done
      ? { text: L(ctx.lang, "Đã ghi nhận.", "Recorded."), kind: "ok" }
      : attached
        ? { text: L(ctx.lang, "Đã đính kèm tệp.", "File attached."), kind: "ok" }
        : attachError
          ? { text: attachError, kind: "error" }
          : undefined,
  );
});
