/** Routes of the documents: the decision of an approval, the payment order of a payment. */
import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";

const EntryParam = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.string().check(z.regex(/^[1-9][0-9]{0,2}$/, { error: "a ledger entry number 1-999" })),
  ),
  { description: "number (seq) of the payment in the ledger" },
);

export const GetDecisionDocument = /* @__PURE__ */ defineRoute({
  id: "GetDecisionDocument",
  method: "GET",
  path: "/v1/proposals/{id}/decision.pdf",
  entry: "functions/api/get-decision-document.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read", audit: "read" },
  request: { params: { id: ProposalIdParam } },
  problems: ["wrong-state", "conflict"],
  doc: {
    tag: "Funding",
    summary: "The decision of an approval (PDF)",
    summaryVi: "Quyết định phê duyệt (PDF)",
    description:
      "Amounts in figures and in Vietnamese words, the legal citations the norm check applied, the approver. Regenerated from the approval's data; its SHA-256 (header x-content-sha256) equals the one recorded in the history (event norms.passed, data.decisionDocument).",
  },
});

export const GetPaymentOrder = /* @__PURE__ */ defineRoute({
  id: "GetPaymentOrder",
  method: "GET",
  path: "/v1/proposals/{id}/disbursements/{entry}/order.pdf",
  entry: "functions/api/get-payment-order.ts",
  auth: "jwt",
  action: "disbursement.record",
  grants: { data: "read" },
  request: { params: { id: ProposalIdParam, entry: EntryParam } },
  problems: ["wrong-state"],
  doc: {
    tag: "Funding",
    summary: "The payment order of a payment, with its VietQR code (PDF)",
    summaryVi: "Ủy nhiệm chi kèm mã VietQR (PDF)",
  },
});

export const DOCUMENT_ROUTES = [GetDecisionDocument, GetPaymentOrder];
