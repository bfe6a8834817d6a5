/**
 * A payment order (ủy nhiệm chi) for one payment of a proposal, with the VietQR code of the
 * transfer to the beneficiary's account (NAPAS VietQR, built by ./vietqr.ts): amount in
 * figures and words, purpose naming the proposal and the order. Rendered as a PDF and as an
 * SVG for the finance page.
 */

import { createHash } from "node:crypto";
import { formatDongVi } from "../../norms/domain/index.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import { Flow, type IssuedDocument, localTimeVi } from "./decision.ts";
import { PdfDocument } from "./pdf-writer.ts";
import { encodeQr, type QrCode } from "./qr.ts";
import { vietQr } from "./vietqr.ts";
import { dongInWords } from "./words.ts";

export interface Payee {
  bankBin: string;
  accountNumber: string;
  accountName: string;
}

export interface PaymentOrderEntry {
  seq: number;
  amount: number;
  paidOn: string;
  reference: string;
  payee: Payee;
  recordedBy: string;
  recordedAt: string;
}

/** The transfer's purpose, ASCII as banks require: proposal reference and order reference. */
export function transferPurpose(
  p: Pick<Proposal, "reference">,
  e: Pick<PaymentOrderEntry, "reference">,
): string {
  return `${p.reference} ${e.reference}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[^A-Za-z0-9 .-]/g, "")
    .slice(0, 50);
}

/** The VietQR payload (EMVCo) of the transfer. */
export function vietQrPayload(p: Pick<Proposal, "reference">, e: PaymentOrderEntry): string {
  return vietQr({
    bankBin: e.payee.bankBin,
    accountNumber: e.payee.accountNumber,
    amount: e.amount,
    purpose: transferPurpose(p, e),
  });
}

export function paymentOrderQr(p: Pick<Proposal, "reference">, e: PaymentOrderEntry): QrCode {
  return encodeQr(vietQrPayload(p, e));
}

/** The payment order as a PDF. */
export function paymentOrderDocument(p: Proposal, e: PaymentOrderEntry): IssuedDocument {
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
  const qr = paymentOrderQr(p, e);
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
