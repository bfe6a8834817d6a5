import { qrSvg } from "../../shared/documents/domain/qr.ts";
import { dongInWords } from "../../shared/documents/domain/words.ts";
import { paymentTransferFor } from "../../shared/documents/use-cases/payment-transfer.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { WebPaymentOrder } from "../../shared/funding/routes.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { formatDongVi } from "../../shared/norms/domain/money.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";

const ports = { proposals: dynamoProposalStore, funding: dynamoFundingReader };

/** GET /app/finance/{id}/orders/{entry}: the payment order, printable, with its VietQR code. */
export const { handler, lambdaHandler } = pageHandler(WebPaymentOrder, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const lang = ctx.lang;
  const {
    proposal: p,
    entry: e,
    qr,
  } = await paymentTransferFor(ports, s.actor, ctx.path("id"), Number(ctx.path("entry")));
  const rows: [string, string][] = [
    [L(lang, "Số ủy nhiệm chi", "Order no."), e.reference],
    [L(lang, "Đề xuất", "Proposal"), `${p.reference} · ${L(lang, "lần chi", "payment")} ${e.seq}`],
    [L(lang, "Ngày chi", "Paid on"), e.paidOn],
    [L(lang, "Đơn vị nhận", "Payee"), e.payee.accountName],
    [L(lang, "Số tài khoản", "Account"), `${e.payee.accountNumber} (BIN ${e.payee.bankBin})`],
    [L(lang, "Số tiền", "Amount"), formatDongVi(e.amount)],
    [L(lang, "Bằng chữ", "In words"), dongInWords(e.amount)],
  ];
  const title = L(lang, "Ủy nhiệm chi", "Payment order");
  return ctx.page(
    200,
    title,
    `<h1>${esc(title)} ${esc(e.reference)}</h1><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>
<p>${esc(L(lang, "Quét mã VietQR để chuyển khoản đúng tài khoản, số tiền và nội dung:", "Scan the VietQR code to transfer to this account, amount and purpose:"))}</p>
<div style="max-width:100%;overflow:auto">${qrSvg(qr, 4)}</div>
<p><a href="/app/finance/${encodeURIComponent(p.id)}">${esc(L(lang, "← Trang tài chính", "← Finance page"))}</a></p>`,
  );
});
