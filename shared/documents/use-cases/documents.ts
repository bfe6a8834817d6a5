import type { ScopedActor } from "../../access/policy.ts";
import type { FundingReader } from "../../funding/ports.ts";
import { ConflictError, NotFoundError, StateConflictError } from "../../kernel/errors.ts";
import type { NormCheckResult } from "../../norms/domain/types.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import { decisionDocument, type IssuedDocument } from "../domain/decision.ts";
import {
  type PaymentOrderEntry,
  paymentOrderDocument,
  paymentOrderQr,
  vietQrPayload,
} from "../domain/payment-order.ts";

export interface DocumentPorts {
  proposals: Pick<ProposalStore, "find" | "history">;
  funding: FundingReader;
}

/**
 * The decision of an approved proposal, regenerated from the data it was issued from and
 * checked against the hash recorded in the audit history at approval (a mismatch is refused:
 * the document would not be the one issued).
 */
export async function decisionFor(
  ports: DocumentPorts,
  actor: ScopedActor,
  id: string,
): Promise<IssuedDocument> {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.read");
  const passed = (await ports.proposals.history(p.id))
    .filter((e) => e.type === "norms.passed")
    .at(-1);
  const recorded = (passed?.data?.decisionDocument as { sha256?: string } | undefined)?.sha256;
  if (!passed || !recorded) {
    throw new StateConflictError(
      `proposal ${p.id} has no decision document (not approved)`,
      p.status,
    );
  }
  const result = (await ports.funding.records(p.id)).normCheck as NormCheckResult | undefined;
  if (!result) throw new NotFoundError(`the norm-check result of ${p.id} is missing`);
  const doc = decisionDocument(p, result);
  if (doc.sha256 !== recorded) {
    throw new ConflictError(
      `the regenerated decision of ${p.reference} does not match the hash recorded at approval`,
      { recordedSha256: recorded },
    );
  }
  return doc;
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

/** The payment order of one payment (finance), as a PDF with its VietQR code. */
export async function paymentOrderFor(
  ports: DocumentPorts,
  actor: ScopedActor,
  id: string,
  seq: number,
) {
  const p = await loadAuthorized(ports.proposals, actor, id, "disbursement.record");
  const entry = await paymentEntry(ports, p.id, seq);
  return {
    proposal: p,
    entry,
    document: paymentOrderDocument(p, entry),
    qr: paymentOrderQr(p, entry),
    payload: vietQrPayload(p, entry),
  };
}
