/** Routes of the funding capability: payments, monitoring reports, closing. */

import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import {
  CloseInput,
  DisbursementInput,
  MonitoringReportInput,
  ProposalView,
  RefundInput,
  ReversalInput,
  SettlementInput,
} from "../proposals/schemas.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";

const byId = { id: ProposalIdParam };
const EntryParam = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.string().check(z.regex(/^[1-9][0-9]{0,2}$/, { error: "a ledger entry number 1-999" })),
  ),
  { description: "number (seq) of the ledger entry" },
);

export const RecordDisbursement = /* @__PURE__ */ defineRoute({
  id: "RecordDisbursement",
  method: "POST",
  path: "/v1/proposals/{id}/disbursements",
  entry: "functions/api/record-disbursement.ts",
  auth: "jwt",
  action: "disbursement.record",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: byId, body: DisbursementInput, idempotent: true, ifMatch: "optional" },
  response: ProposalView,
  successStatus: 201,
  problems: ["wrong-state", "conflict", "stale-version"],
  doc: {
    tag: "Funding",
    summary: "Record a payment (tranche)",
    summaryVi: "Ghi nhận giải ngân",
    description:
      "The total never exceeds the approved amount: a payment that no longer fits is a 409 naming `remainingAmount`. Concurrent payments that fit all land (If-Match optional; with it, a stale version is a 412). A payment dated after the spending period of the norm set the proposal was approved under is a 400 naming the rule and its citation (Circular 60/2026 Art. 21.1 for 55/2023 tasks after 31/12/2026).",
  },
});

export const ReverseDisbursement = /* @__PURE__ */ defineRoute({
  id: "ReverseDisbursement",
  method: "POST",
  path: "/v1/proposals/{id}/disbursements/{entry}/reversal",
  entry: "functions/api/reverse-disbursement.ts",
  auth: "jwt",
  action: "disbursement.reverse",
  grants: { data: "readwrite", audit: "append" },
  request: {
    params: { id: ProposalIdParam, entry: EntryParam },
    body: ReversalInput,
    idempotent: true,
    ifMatch: "optional",
  },
  response: ProposalView,
  successStatus: 201,
  problems: ["wrong-state", "conflict", "stale-version"],
  doc: {
    tag: "Funding",
    summary: "Reverse a mistaken payment (compensating entry)",
    summaryVi: "Hủy khoản chi sai (bút toán đảo)",
    description:
      "Adds a ledger entry of the opposite amount with the reason; the payment itself is never edited or deleted. Not after settlement; a payment is reversed at most once.",
  },
});

export const SettleProposal = /* @__PURE__ */ defineRoute({
  id: "SettleProposal",
  method: "POST",
  path: "/v1/proposals/{id}/settlement",
  entry: "functions/api/settle-proposal.ts",
  auth: "jwt",
  action: "settlement.record",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: byId, body: SettlementInput, idempotent: true, ifMatch: "optional" },
  response: ProposalView,
  successStatus: 201,
  problems: ["wrong-state", "conflict", "stale-version"],
  doc: {
    tag: "Funding",
    summary: "Record the settlement (quyết toán)",
    summaryVi: "Quyết toán",
    description:
      "The actual support, at most the amount paid, with its documents. In the same transaction the unused part of the approval (approved − settled) is released from the beneficiary's caps; a payment above the settled amount becomes a refund due. The proposal moves to monitoring; a workflow still waiting for payments is told.",
  },
});

export const RecordRefund = /* @__PURE__ */ defineRoute({
  id: "RecordRefund",
  method: "POST",
  path: "/v1/proposals/{id}/refunds",
  entry: "functions/api/record-refund.ts",
  auth: "jwt",
  action: "settlement.record",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId, body: RefundInput, idempotent: true, ifMatch: "optional" },
  response: ProposalView,
  successStatus: 201,
  problems: ["wrong-state", "conflict", "stale-version"],
  doc: {
    tag: "Funding",
    summary: "Record the receipt of a refund due after settlement",
    summaryVi: "Ghi nhận hoàn trả",
  },
});

export const FileMonitoringReport = /* @__PURE__ */ defineRoute({
  id: "FileMonitoringReport",
  method: "POST",
  path: "/v1/proposals/{id}/reports",
  entry: "functions/api/file-monitoring-report.ts",
  auth: "jwt",
  action: "report.file",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId, body: MonitoringReportInput },
  successStatus: 201,
  problems: ["wrong-state"],
  doc: {
    tag: "Funding",
    summary: "File a monitoring report",
    summaryVi: "Nộp báo cáo giám sát",
  },
});

export const CloseProposal = /* @__PURE__ */ defineRoute({
  id: "CloseProposal",
  method: "POST",
  path: "/v1/proposals/{id}/close",
  entry: "functions/api/close-proposal.ts",
  auth: "jwt",
  action: "proposal.close",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId, body: CloseInput },
  response: ProposalView,
  problems: ["wrong-state"],
  doc: { tag: "Funding", summary: "Close a monitored proposal", summaryVi: "Đóng đề xuất" },
});

const webId = { id: ProposalIdParam };

export const WebFinanceInbox = /* @__PURE__ */ defineRoute({
  id: "WebFinanceInbox",
  method: "GET",
  path: "/app/finance",
  entry: "functions/web/finance-inbox.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "Finance: proposals awaiting payment, settlement or refund",
    summaryVi: "Tài chính: đề xuất chờ chi, quyết toán, hoàn trả",
  },
});

export const WebFinanceProposal = /* @__PURE__ */ defineRoute({
  id: "WebFinanceProposal",
  method: "GET",
  path: "/app/finance/{id}",
  entry: "functions/web/finance-proposal.ts",
  auth: "none",
  grants: { data: "read" },
  request: { params: webId },
  doc: {
    tag: "Web",
    summary: "Finance page of a proposal: ledger, payment, settlement, reversal, refund",
    summaryVi: "Trang tài chính của đề xuất",
  },
});

export const WebFinanceAction = /* @__PURE__ */ defineRoute({
  id: "WebFinanceAction",
  method: "POST",
  path: "/app/finance/{id}",
  entry: "functions/web/post-finance-proposal.ts",
  auth: "none",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: webId, form: true },
  doc: {
    tag: "Web",
    summary: "Finance page form post: pay, settle, reverse, refund",
    summaryVi: "Gửi biểu mẫu tài chính",
    description:
      "application/x-www-form-urlencoded with `_csrf` and `op`. Success: 303 back to the page.",
  },
});

export const WebPaymentOrder = /* @__PURE__ */ defineRoute({
  id: "WebPaymentOrder",
  method: "GET",
  path: "/app/finance/{id}/orders/{entry}",
  entry: "functions/web/payment-order-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { params: { id: ProposalIdParam, entry: EntryParam } },
  doc: {
    tag: "Web",
    summary: "A payment order with the VietQR code of the transfer",
    summaryVi: "Ủy nhiệm chi kèm mã VietQR",
  },
});

export const WebFileReport = /* @__PURE__ */ defineRoute({
  id: "WebFileReport",
  method: "POST",
  path: "/app/proposals/{id}/reports",
  entry: "functions/web/file-report.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append" },
  request: { params: webId, form: true },
  doc: {
    tag: "Web",
    summary:
      "The commune's monitoring report form on the proposal page (month, amount used, progress, summary)",
    summaryVi: "Gửi báo cáo giám sát sử dụng kinh phí",
    description:
      "application/x-www-form-urlencoded with `_csrf`, `period` (YYYY-MM), `usedAmount` (đồng, typed as on paper), `progress` (on_track | delayed | problem) and `summary`: the same use case as POST /v1/proposals/{id}/reports. Success: 303 to the proposal page; a refusal shows the page with the reason in Vietnamese. Photos are attached with the page's attachment form.",
  },
});

export const FUNDING_ROUTES = [
  WebFinanceInbox,
  WebFinanceProposal,
  WebFinanceAction,
  WebPaymentOrder,
  RecordDisbursement,
  ReverseDisbursement,
  SettleProposal,
  RecordRefund,
  FileMonitoringReport,
  WebFileReport,
  CloseProposal,
];
