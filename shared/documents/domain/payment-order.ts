/**
 * A payment order (ủy nhiệm chi) for one payment of a proposal, as a PDF, with the VietQR code
 * of the transfer to the beneficiary's account (./payment-transfer.ts): amount in figures and
 * words, purpose naming the proposal and the order. The finance page shows the same code as an
 * SVG without this module.
 */

import { createHash } from "../../kernel/node-crypto.ts";
import { formatDongVi } from "../../norms/domain/money.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import { Flow, type IssuedDocument, localTimeVi } from "./decision.ts";
import { type PaymentOrderEntry, paymentOrderQr, transferPurpose } from "./payment-transfer.ts";
import { PdfDocument } from "./pdf-writer.ts";
import type { QrCode } from "./qr.ts";
import { dongInWords } from "./words.ts";

/** The payment order as a PDF (with the transfer's code, when the caller has encoded it). */
export function paymentOrderDocument(
  p: Proposal,
  e: PaymentOrderEntry,
  qr: QrCode = paymentOrderQr(p, e),
): IssuedDocument {
  const doc = new PdfDocument({
    title: `Ủy nhiệm chi ${e.reference} — ${p.reference}`,
    createdAt: e.recordedAt,
  });
  const f = new Flow(doc);
  f.para("ỦY NHIỆM CHI / PAYMENT ORDER", 16, { bold: true });
  f.para(`Số: ${e.reference}   ·   Đề xuất ${p.reference}   ·   Lần chi ${e.seq}`, 10, { gap: 12 });
  f.para(`Ngày chi: ${e.paidOn.split("-").reverse().join("/")}`, 11);
  f.para(`Đơn vị nhận: ${e.payee.accountName}`, 11);
  f.para(`Số tài khoản: ${e.payee.accountNumber}   ·   Ngân hàng (BIN): ${e.payee.bankBin}`, 11);
  f.para(`Số tiền: ${formatDongVi(e.amount)}`, 12, { bold: true });
  f.para(`Bằng chữ: ${dongInWords(e.amount)}.`, 11);
  f.para(`Nội dung: ${transferPurpose(p, e)}`, 11, { gap: 12 });
  f.para(`Người lập: ${e.recordedBy}, ${localTimeVi(e.recordedAt)}.`, 10, { gap: 10 });
  f.para("Quét mã VietQR để chuyển khoản đúng tài khoản, số tiền và nội dung:", 10);
  const module = 3;
  const top = f.cursor - 8;
  qr.modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) doc.rect(f.left + 12 + c * module, top - (r + 1) * module, module, module);
    });
  });
  const bytes = doc.bytes();
  return {
    name: `uy-nhiem-chi-${p.reference}-${e.seq}.pdf`,
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}
