import type * as core from "zod/v4/core";
import { normSetDraftSchema } from "../norms/domain/index.ts";
import { NormCheckResultView, NormSetListView } from "../norms/schemas.ts";
import {
  CancelInput,
  CloseInput,
  CreateProposalInput,
  DecisionInput,
  DisbursementInput,
  MonitoringReportInput,
  ProposalView,
  UpdateProposalInput,
} from "../proposals/schemas.ts";
import { APPROVER_OPERATIONS } from "./operations-approver.ts";
import { AUDIT_OPERATIONS } from "./operations-audit.ts";
import { AUTH_OPERATIONS } from "./operations-auth.ts";

/** Documentation of each route id of infra/api/routes.ts (the OpenAPI generator joins them). */
export interface OperationDoc {
  summary: string;
  summaryVi: string;
  tag:
    | "Proposals"
    | "Review"
    | "Funding"
    | "Norms"
    | "Reference"
    | "Docs"
    | "Admin"
    | "Audit"
    | "Web";
  description?: string;
  request?: core.$ZodType;
  response?: core.$ZodType;
  successStatus?: number;
  query?: Record<string, string>;
  ifMatch?: "required" | "optional";
}

export const CORE_OPERATIONS: Record<string, OperationDoc> = {
  CreateProposal: {
    tag: "Proposals",
    summary: "Create a draft proposal",
    summaryVi: "Tạo dự thảo đề xuất",
    request: CreateProposalInput,
    response: ProposalView,
    successStatus: 201,
  },
  ListProposals: {
    tag: "Proposals",
    summary: "List proposals in your scope",
    summaryVi: "Danh sách đề xuất",
    query: {
      status: "filter by status",
      communeId: "commune (reviewing units, province roles)",
      limit: "1-100",
      cursor: "from the previous page",
    },
  },
  GetProposal: {
    tag: "Proposals",
    summary: "Get a proposal with its payments and reports",
    summaryVi: "Xem đề xuất",
    response: ProposalView,
    query: {
      include: "'personal' to unseal survivors' personal data (allowed roles only; audited)",
    },
  },
  UpdateProposal: {
    tag: "Proposals",
    summary: "Edit a draft or returned proposal",
    summaryVi: "Sửa dự thảo",
    request: UpdateProposalInput,
    response: ProposalView,
    ifMatch: "required",
    description:
      "Optimistic concurrency: send If-Match with the version (ETag) you read, or `version` in the body. A stale version gets 412.",
  },
  SubmitProposal: {
    tag: "Proposals",
    summary: "Submit for review",
    summaryVi: "Gửi thẩm định",
    response: ProposalView,
    successStatus: 202,
    ifMatch: "optional",
  },
  CancelProposal: {
    tag: "Proposals",
    summary: "Withdraw a draft or returned proposal",
    summaryVi: "Rút đề xuất",
    request: CancelInput,
    response: ProposalView,
  },
  PreviewNormCheck: {
    tag: "Norms",
    summary: "Dry-run the budget-norm check (nothing is reserved)",
    summaryVi: "Kiểm tra thử định mức",
    response: NormCheckResultView,
    description:
      "Runs every rule against the norm sets in force now and the beneficiary's earlier reservations; writes nothing. The same result is stored on the proposal (normCheck) when the workflow checks it after approval.",
  },
  GetProposalHistory: {
    tag: "Proposals",
    summary: "Audit history of a proposal, with hash-chain verdict",
    summaryVi: "Lịch sử phê duyệt",
  },
  ListTasks: {
    tag: "Review",
    summary: "Review task inbox",
    summaryVi: "Hộp nhiệm vụ thẩm định",
    query: {
      view: "unit | mine",
      status: "OPEN | DONE | EXPIRED | CANCELLED",
      unitId: "province roles: the reviewing unit",
      limit: "1-100",
      cursor: "from the previous page",
    },
  },
  GetTask: { tag: "Review", summary: "Get a review task", summaryVi: "Xem nhiệm vụ" },
  DecideTask: {
    tag: "Review",
    summary: "Decide a review task: approve, return or reject",
    summaryVi: "Quyết định: duyệt, trả lại, từ chối",
    request: DecisionInput,
    description: "The first decision wins; a later one gets 409 naming who decided and when.",
  },
  RecordDisbursement: {
    tag: "Funding",
    summary: "Record a payment (tranche)",
    summaryVi: "Ghi nhận giải ngân",
    request: DisbursementInput,
    response: ProposalView,
    successStatus: 201,
    description: "The total never exceeds the approved amount.",
  },
  FileMonitoringReport: {
    tag: "Funding",
    summary: "File a monitoring report",
    summaryVi: "Nộp báo cáo giám sát",
    request: MonitoringReportInput,
    successStatus: 201,
  },
  CloseProposal: {
    tag: "Funding",
    summary: "Close a monitored proposal",
    summaryVi: "Đóng đề xuất",
    request: CloseInput,
    response: ProposalView,
  },
  ListNormSets: {
    tag: "Norms",
    summary: "Norm sets and their items, with citations",
    summaryVi: "Các bộ định mức và căn cứ pháp lý",
    response: NormSetListView,
  },
  PublishNormSet: {
    tag: "Norms",
    summary: "Publish a norm set version (admin)",
    summaryVi: "Ban hành bộ định mức",
    request: normSetDraftSchema,
    successStatus: 201,
    description:
      "Validated and versioned; never retroactive (effectiveFrom must be after today, Asia/Ho_Chi_Minh); a province set may only narrow national caps. Recorded in the audit trail (stream NS#<setId>).",
  },
  ListUnits: {
    tag: "Reference",
    summary: "Units of your province (communes and reviewing units)",
    summaryVi: "Danh sách đơn vị",
  },
  GetOpenApi: { tag: "Docs", summary: "This OpenAPI 3.1 document", summaryVi: "Tài liệu OpenAPI" },
  GetApiReference: { tag: "Docs", summary: "Readable API reference", summaryVi: "Tài liệu API" },
};

/** Every route's documentation; capability files add their own maps. */
export const OPERATIONS: Record<string, OperationDoc> = {
  ...CORE_OPERATIONS,
  ...APPROVER_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...AUTH_OPERATIONS,
};
