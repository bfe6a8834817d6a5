/**
 * The transfer a payment order asks for, as the VietQR code a banking app reads (NAPAS VietQR,
 * built by ./vietqr.ts): the beneficiary's account, the amount and a purpose naming the proposal
 * and the order. Apart from the PDF (./payment-order.ts) so that the finance page, which shows
 * the code as an SVG, does not load the PDF writer and the font.
 */

import type { Proposal } from "../../proposals/domain/proposal.ts";
import { encodeQr, type QrCode } from "./qr.ts";
import { vietQr } from "./vietqr.ts";

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
