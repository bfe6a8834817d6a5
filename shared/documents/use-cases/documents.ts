import type { ScopedActor } from "../../access/policy.ts";
import { ConflictError, NotFoundError, StateConflictError } from "../../kernel/errors.ts";
import type { NormCheckResult } from "../../norms/domain/types.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import { decisionDocument, type IssuedDocument } from "../domain/decision.ts";
import { paymentOrderDocument } from "../domain/payment-order.ts";
import { type DocumentPorts, paymentTransferFor } from "./payment-transfer.ts";

export type { DocumentPorts } from "./payment-transfer.ts";

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

/** The payment order of one payment (finance), as a PDF with its VietQR code. */
export async function paymentOrderFor(
  ports: DocumentPorts,
  actor: ScopedActor,
  id: string,
  seq: number,
) {
  const transfer = await paymentTransferFor(ports, actor, id, seq);
  return {
    ...transfer,
    document: paymentOrderDocument(transfer.proposal, transfer.entry, transfer.qr),
  };
}
