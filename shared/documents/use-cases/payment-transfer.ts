/**
 * The transfer of one payment (finance): the ledger's entry with the payee it was paid to and
 * its VietQR code, without the PDF (./documents.ts adds it for the payment order): the finance
 * page shows the code and does not render a document it would not send.
 */
import type { ScopedActor } from "../../access/policy.ts";
import type { FundingReader } from "../../funding/ports.ts";
import { NotFoundError, StateConflictError } from "../../kernel/errors.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import { type PaymentOrderEntry, vietQrPayload } from "../domain/payment-transfer.ts";
import { encodeQr } from "../domain/qr.ts";

export interface DocumentPorts {
  proposals: Pick<ProposalStore, "find" | "history">;
  funding: FundingReader;
}

/** The ledger's payment entry `seq`, with the payee it was paid to. */
async function paymentEntry(
  ports: DocumentPorts,
  proposalId: string,
  seq: number,
): Promise<PaymentOrderEntry> {
  const entry = (await ports.funding.records(proposalId)).disbursements.find((d) => d.seq === seq);
  if (!entry || (entry.kind ?? "payment") !== "payment") {
    throw new NotFoundError(`payment ${seq} of proposal ${proposalId} does not exist`);
  }
  if (!entry.payee) {
    throw new StateConflictError(
      `payment ${seq} was recorded without the beneficiary's account`,
      "no-payee",
    );
  }
  return entry as unknown as PaymentOrderEntry;
}

/** Payment `seq` of a proposal (finance) with its VietQR code and payload. */
export async function paymentTransferFor(
  ports: DocumentPorts,
  actor: ScopedActor,
  id: string,
  seq: number,
) {
  const p = await loadAuthorized(ports.proposals, actor, id, "disbursement.record");
  const entry = await paymentEntry(ports, p.id, seq);
  const payload = vietQrPayload(p, entry);
  return { proposal: p, entry, qr: encodeQr(payload), payload };
}
