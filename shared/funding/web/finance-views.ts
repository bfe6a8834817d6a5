/**
 * The finance officer's pages, server-rendered like the approver pages (shared/web): Vietnamese
 * first, no script, forms that post with a CSRF token, usable at 360 px.
 */
import { formatDongVi } from "../../norms/domain/money.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import { esc } from "../../web/html.ts";
import type { Lang } from "../../web/i18n.ts";

/** Vietnamese or English (the approver pages' dictionary stays theirs). */
export const L = (lang: Lang, vi: string, en: string) => (lang === "vi" ? vi : en);

export const STATUS_VI: Record<string, [string, string]> = {
  APPROVED: ["Đã duyệt, chờ chi", "Approved, awaiting payment"],
  DISBURSING: ["Đang giải ngân", "Being paid"],
  MONITORING: ["Đang giám sát", "Monitoring"],
  CLOSED: ["Đã đóng", "Closed"],
};

export const statusLabel = (lang: Lang, s: string) => {
  const l = STATUS_VI[s];
  return l ? L(lang, l[0], l[1]) : s;
};

const field = (label: string, name: string, type: string, extra = "") =>
  `<label>${esc(label)}<input name="${name}" type="${type}" ${extra}></label>`;

export function hiddenCsrf(csrf: string, op: string): string {
  return `<input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="op" value="${op}">`;
}

/** The facts of a proposal for finance: amounts approved, paid, settled, refund. */
export function moneyFacts(lang: Lang, p: Proposal): string {
  const rows: [string, string][] = [
    [L(lang, "Mã đề xuất", "Reference"), p.reference],
    [L(lang, "Tên", "Title"), p.title],
    [L(lang, "Đối tượng", "Beneficiary"), `${p.beneficiary.name} (${p.beneficiary.id})`],
    [L(lang, "Trạng thái", "Status"), statusLabel(lang, p.status)],
    [L(lang, "Được duyệt", "Approved"), formatDongVi(p.approvedAmount ?? 0)],
    [L(lang, "Đã chi", "Paid"), formatDongVi(p.disbursedTotal)],
    [
      L(lang, "Còn được chi", "Still payable"),
      formatDongVi((p.approvedAmount ?? 0) - p.disbursedTotal),
    ],
  ];
  if (p.settlement) {
    rows.push(
      [
        L(lang, "Quyết toán", "Settled"),
        `${formatDongVi(p.settlement.amount)} (${p.settlement.settledOn})`,
      ],
      [
        L(lang, "Giải phóng định mức", "Released from the cap"),
        formatDongVi(p.settlement.released),
      ],
      [
        L(lang, "Phải hoàn trả / đã hoàn", "Refund due / received"),
        `${formatDongVi(p.settlement.refundDue)} / ${formatDongVi(p.settlement.refundReceived)}`,
      ],
    );
  }
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`;
}

export function paymentForm(lang: Lang, action: string, csrf: string): string {
  return `<form method="post" action="${esc(action)}"><fieldset><legend>${esc(L(lang, "Ghi nhận giải ngân", "Record a payment"))}</legend>${hiddenCsrf(csrf, "pay")}
${field(L(lang, "Số tiền (đồng)", "Amount (đồng)"), "amount", "number", 'min="1" step="1" required inputmode="numeric"')}
${field(L(lang, "Ngày chi", "Paid on"), "paidOn", "date", "required")}
${field(L(lang, "Số ủy nhiệm chi", "Payment order no."), "reference", "text", 'required maxlength="64"')}
${field(L(lang, "Mã ngân hàng (BIN, 6 số)", "Bank BIN (6 digits)"), "bankBin", "text", 'pattern="\\d{6}" inputmode="numeric"')}
${field(L(lang, "Số tài khoản", "Account number"), "accountNumber", "text", 'maxlength="19"')}
${field(L(lang, "Tên tài khoản", "Account name"), "accountName", "text", 'maxlength="100"')}
<button type="submit">${esc(L(lang, "Ghi nhận", "Record"))}</button></fieldset></form>`;
}

export function settlementForm(lang: Lang, action: string, csrf: string): string {
  return `<form method="post" action="${esc(action)}"><fieldset><legend>${esc(L(lang, "Quyết toán", "Settlement"))}</legend>${hiddenCsrf(csrf, "settle")}
${field(L(lang, "Số tiền quyết toán (đồng, không quá số đã chi)", "Settled amount (đồng, at most what was paid)"), "amount", "number", 'min="0" step="1" required inputmode="numeric"')}
${field(L(lang, "Ngày quyết toán", "Settled on"), "settledOn", "date", "required")}
<label>${esc(L(lang, "Loại chứng từ", "Document kind"))}<select name="docKind"><option value="invoice">${esc(L(lang, "Hóa đơn", "Invoice"))}</option><option value="receipt">${esc(L(lang, "Biên lai", "Receipt"))}</option><option value="contract">${esc(L(lang, "Hợp đồng", "Contract"))}</option><option value="acceptance">${esc(L(lang, "Biên bản nghiệm thu", "Acceptance record"))}</option><option value="other">${esc(L(lang, "Khác", "Other"))}</option></select></label>
${field(L(lang, "Số chứng từ", "Document no."), "docNumber", "text", 'required maxlength="64"')}
${field(L(lang, "Ngày chứng từ", "Document date"), "docDate", "date", "required")}
<button type="submit">${esc(L(lang, "Quyết toán", "Settle"))}</button></fieldset></form>`;
}

export function refundForm(lang: Lang, action: string, csrf: string): string {
  return `<form method="post" action="${esc(action)}"><fieldset><legend>${esc(L(lang, "Ghi nhận hoàn trả", "Record a refund"))}</legend>${hiddenCsrf(csrf, "refund")}
${field(L(lang, "Số tiền (đồng)", "Amount (đồng)"), "amount", "number", 'min="1" step="1" required inputmode="numeric"')}
${field(L(lang, "Ngày nhận", "Received on"), "paidOn", "date", "required")}
${field(L(lang, "Số phiếu thu", "Receipt no."), "reference", "text", 'required maxlength="64"')}
<button type="submit">${esc(L(lang, "Ghi nhận", "Record"))}</button></fieldset></form>`;
}

/** The ledger, with a link to each payment's order and a reversal form. */
export function ledgerTable(
  lang: Lang,
  p: Proposal,
  entries: Record<string, unknown>[],
  action: string,
  csrf: string,
  canReverse: boolean,
): string {
  if (entries.length === 0)
    return `<p>${esc(L(lang, "Chưa có khoản chi nào.", "No payment yet."))}</p>`;
  const reversed = new Set(p.reversedEntries ?? []);
  const kinds: Record<string, [string, string]> = {
    payment: ["Chi", "Payment"],
    reversal: ["Bút toán đảo", "Reversal"],
    refund: ["Hoàn trả", "Refund"],
  };
  const rows = entries.map((e) => {
    const seq = Number(e.seq);
    const kind = String(e.kind ?? "payment");
    const k = kinds[kind] ?? [kind, kind];
    const order =
      kind === "payment" && e.payee
        ? ` <a href="/app/finance/${encodeURIComponent(p.id)}/orders/${seq}">${esc(L(lang, "Ủy nhiệm chi + VietQR", "Payment order + VietQR"))}</a>`
        : "";
    const reverse =
      canReverse && kind === "payment" && !reversed.has(seq)
        ? `<form method="post" action="${esc(action)}" class="inline">${hiddenCsrf(csrf, "reverse")}<input type="hidden" name="entry" value="${seq}"><label>${esc(L(lang, "Lý do hủy", "Reason"))}<input name="reason" required maxlength="1000"></label><button type="submit" class="secondary">${esc(L(lang, "Hủy khoản chi", "Reverse"))}</button></form>`
        : reversed.has(seq)
          ? esc(L(lang, "đã hủy", "reversed"))
          : "";
    return `<li><strong>${seq}. ${esc(L(lang, k[0], k[1]))}</strong> ${esc(formatDongVi(Number(e.amount)))} · ${esc(String(e.paidOn ?? ""))} · ${esc(String(e.reference ?? ""))}${e.reason ? ` · ${esc(String(e.reason))}` : ""}${order}<div>${reverse}</div></li>`;
  });
  return `<ul class="tasks">${rows.join("")}</ul>`;
}
