/** Routes of the funding capability: payments, monitoring reports, closing. */
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import {
  CloseInput,
  DisbursementInput,
  MonitoringReportInput,
  ProposalView,
} from "../proposals/schemas.ts";

const byId = { id: ProposalIdParam };

export const RecordDisbursement = defineRoute({
  id: "RecordDisbursement",
  method: "POST",
  path: "/v1/proposals/{id}/disbursements",
  entry: "functions/api/record-disbursement.ts",
  auth: "jwt",
  action: "disbursement.record",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: byId, body: DisbursementInput, idempotent: true },
  response: ProposalView,
  successStatus: 201,
  problems: ["wrong-state"],
  doc: {
    tag: "Funding",
    summary: "Record a payment (tranche)",
    summaryVi: "Ghi nhận giải ngân",
    description: "The total never exceeds the approved amount.",
  },
});

export const FileMonitoringReport = defineRoute({
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

export const CloseProposal = defineRoute({
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

export const FUNDING_ROUTES = [RecordDisbursement, FileMonitoringReport, CloseProposal];
