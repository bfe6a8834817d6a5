import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../shared/contract/index.ts";
import type { Role } from "../../shared/kernel/types.ts";
import {
  callAs,
  type ExtraUser,
  OTHER,
  OTHER_USERS,
  seedOtherProvince,
  signToken,
} from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a2Draft, registrationOf, U, waitFor } from "../support/proposals.ts";

/**
 * Every role × every route × a resource in scope / out of its reviewing unit / out of its
 * province, on the running stack. The expectation comes from the roles of the issue, not from
 * the policy module under test: allowed means neither 401 nor 403; denied means 403 or 404,
 * never 2xx. A route without a row fails the test.
 */
type Target = "in" | "unit" | "province";
const TARGETS: readonly Target[] = ["in", "unit", "province"];

interface Fixture {
  proposalId: string;
  version: number;
  taskId: string;
  communeId: string;
  reviewUnitId: string;
  provinceId: string;
  /** Registry entries of the commune (shared/registry), registered by its officer. */
  beneficiaryId: string;
  groupId: string;
  moveId: string;
  flaggedId: string;
  flagged2Id: string;
  keepId: string;
  mergeId: string;
  /** Where MoveBeneficiary sends moveId: another commune of the same province. */
  moveTo: string;
  /** A programme event the commune recorded (monitoring). */
  eventId: string;
  /** A submitted batch of one A1 group (shared/batches), its member's review task open. */
  batchId: string;
}
type Fixtures = Record<Target, Fixture>;

interface Req {
  method: string;
  path: string;
  body?: unknown;
  /** Web pages: the token goes in the p8_token cookie instead of the Authorization header. */
  web?: boolean;
  form?: Record<string, string>;
  /** A body sent as it is (a spreadsheet), with its content type. */
  raw?: { type: string; body: string };
  /** A multipart form with one file part. */
  multipart?: {
    fields: Record<string, string>;
    file: { name: string; type: string; body: string };
  };
  headers?: Record<string, string>;
}

type Kind =
  /** One request per target resource; allowed only in the user's scope. */
  | "resource"
  /** Lists and inboxes: allowed by role; out-of-scope results must never appear. */
  | "list"
  /** Not scoped to a place (norm sets, settings, units as reference data). */
  | "global"
  /** Public at the gateway (documentation). */
  | "public"
  /** Email links: the link is the credential, a bogus link opens nothing for anyone. */
  | "link"
  /** The web sign-in: public, anyone gets a redirect or a refusal page, never a 2xx with data. */
  | "signin";

interface Row {
  kind: Kind;
  roles: readonly Role[];
  /**
   * Roles sent on to a page of their own (303 to `to`) instead of a refusal: the inbox sends
   * a commune officer or finance, who land there after signing in, to their proposals.
   */
  sendsOn?: { roles: readonly Role[]; to: string };
  req(f: Fixture, token: string): Req;
}

const READERS: Role[] = [
  "commune_officer",
  "approver",
  "unit_lead",
  "finance_officer",
  "province_officer",
  "auditor",
];
const ALL: Role[] = [...READERS, "admin", "central_officer"];
const NORM_ADMINS: Role[] = ["admin", "central_officer"];
/** Everyone who monitors: each in their own scope; the centre everywhere. */
const MONITORS: Role[] = [...READERS, "central_officer"];
const REVIEWERS: Role[] = ["approver", "unit_lead"];

const csrf = (token: string, action: string) =>
  createHash("sha256").update(`csrf\n${token}\n${action}`).digest("base64url");

/** A batch of one savings group of the commune (three months from its founding month). */
const batchOf = (communeId: string, groupId: string) => ({
  activity: "A1",
  title: "Danh sách thử quyền",
  communeId,
  members: [
    {
      beneficiaryId: groupId,
      items: [
        {
          code: "A1.SAVINGS_BOX_RUNNING",
          description: "Hòm và chi phí sinh hoạt",
          supportAmount: 1_500_000,
          totalCost: 1_500_000,
          months: 3,
          startMonth: "2026-05",
        },
      ],
    },
  ],
});

/** An attachment id no upload has: the routes answer 404 in scope, 403 out of it. */
const NO_ATTACHMENT = "00000000-0000-4000-8000-000000000000";

/** A one-row beneficiaries file for a commune (a dry run: nothing is written). */
const importCsv = (communeId: string) =>
  `kind,commune_id,name,leadership\r\nHTX,${communeId},HTX nhập thử ${communeId},lam_chu\r\n`;

const MATRIX: Record<string, Row> = {
  CreateProposal: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: "/v1/proposals",
      body: a2Draft({ communeId: f.communeId }),
    }),
  },
  ListProposals: {
    kind: "list",
    roles: MONITORS,
    req: (f) => ({
      method: "GET",
      path: `/v1/proposals?communeId=${f.communeId}&status=IN_REVIEW`,
    }),
  },
  GetProposal: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/proposals/${f.proposalId}` }),
  },
  UpdateProposal: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => {
      const { communeId: _c, ...fields } = a2Draft({ title: "Sửa tên đề xuất" });
      return {
        method: "PUT",
        path: `/v1/proposals/${f.proposalId}`,
        body: fields,
        headers: { "if-match": `"${f.version}"` },
      };
    },
  },
  SubmitProposal: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/submit`,
      headers: { "if-match": `"${f.version}"` },
    }),
  },
  CancelProposal: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/cancel`,
      body: { reason: "Thử quyền" },
    }),
  },
  PreviewNormCheck: {
    kind: "resource",
    roles: ["commune_officer", ...REVIEWERS],
    req: (f) => ({ method: "POST", path: `/v1/proposals/${f.proposalId}/norm-check` }),
  },
  GetProposalHistory: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/proposals/${f.proposalId}/history` }),
  },
  ListTasks: {
    kind: "list",
    roles: [...REVIEWERS, "province_officer", "auditor"],
    req: (f) => ({ method: "GET", path: `/v1/tasks?unitId=${f.reviewUnitId}` }),
  },
  GetTask: {
    kind: "resource",
    roles: [...REVIEWERS, "province_officer", "auditor"],
    req: (f) => ({ method: "GET", path: `/v1/tasks/${f.taskId}` }),
  },
  DecideTask: {
    kind: "resource",
    roles: REVIEWERS,
    req: (f) => ({
      method: "POST",
      path: `/v1/tasks/${f.taskId}/decision`,
      body: { decision: "return", comment: "Kiểm tra quyền" },
    }),
  },
  RecordDisbursement: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/disbursements`,
      body: { amount: 1_000_000, paidOn: "2026-06-01", reference: "UNC-MATRIX" },
    }),
  },
  FileMonitoringReport: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/reports`,
      body: { period: "2026-07", usedAmount: 1, progress: "on_track", summary: "Thử" },
    }),
  },
  WebFileReport: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/proposals/${f.proposalId}/reports`,
      web: true,
      form: {
        period: "2026-07",
        usedAmount: "1",
        progress: "on_track",
        summary: "Thử",
        _csrf: csrf(token, `/app/proposals/${encodeURIComponent(f.proposalId)}/reports`),
      },
    }),
  },
  CloseProposal: {
    kind: "resource",
    roles: REVIEWERS,
    req: (f) => ({ method: "POST", path: `/v1/proposals/${f.proposalId}/close`, body: {} }),
  },
  ListNormSets: {
    kind: "global",
    roles: ALL,
    req: () => ({ method: "GET", path: "/v1/norm-sets" }),
  },
  DraftNormSet: {
    kind: "global",
    roles: NORM_ADMINS,
    req: () => ({ method: "POST", path: "/v1/norm-sets/drafts", body: {} }),
  },
  ListNormSetDrafts: {
    kind: "global",
    roles: NORM_ADMINS,
    req: () => ({ method: "GET", path: "/v1/norm-sets/drafts" }),
  },
  ApproveNormSetDraft: {
    kind: "global",
    roles: NORM_ADMINS,
    req: () => ({ method: "POST", path: "/v1/norm-sets/drafts/no-such-draft/approve", body: {} }),
  },
  WebFinanceInbox: {
    kind: "global",
    roles: ["finance_officer"],
    req: () => ({ method: "GET", path: "/app/finance", web: true }),
  },
  WebFinanceProposal: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({ method: "GET", path: `/app/finance/${f.proposalId}`, web: true }),
  },
  WebFinanceAction: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/finance/${f.proposalId}`,
      web: true,
      form: {
        op: "pay",
        amount: "1",
        paidOn: "2026-06-01",
        reference: "UNC-MATRIX",
        _csrf: csrf(token, `/app/finance/${encodeURIComponent(f.proposalId)}`),
      },
    }),
  },
  WebPaymentOrder: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({ method: "GET", path: `/app/finance/${f.proposalId}/orders/1`, web: true }),
  },
  WebNormSets: {
    kind: "global",
    roles: NORM_ADMINS,
    req: () => ({ method: "GET", path: "/app/norm-sets", web: true }),
  },
  WebNormSetAction: {
    kind: "global",
    roles: NORM_ADMINS,
    req: (_f, token) => ({
      method: "POST",
      path: "/app/norm-sets",
      web: true,
      form: { op: "approve", draftId: "no-such-draft", _csrf: csrf(token, "/app/norm-sets") },
    }),
  },
  GetDecisionDocument: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/proposals/${f.proposalId}/decision.pdf` }),
  },
  GetPaymentOrder: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({
      method: "GET",
      path: `/v1/proposals/${f.proposalId}/disbursements/1/order.pdf`,
    }),
  },
  ReverseDisbursement: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/disbursements/1/reversal`,
      body: { reason: "Thử quyền" },
    }),
  },
  SettleProposal: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/settlement`,
      body: {
        amount: 1,
        settledOn: "2026-06-01",
        documents: [{ kind: "invoice", number: "HĐ-1", issuedOn: "2026-06-01" }],
      },
    }),
  },
  RecordRefund: {
    kind: "resource",
    roles: ["finance_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/refunds`,
      body: { amount: 1, paidOn: "2026-06-01", reference: "PT-MATRIX" },
    }),
  },
  ListUnits: { kind: "global", roles: ALL, req: () => ({ method: "GET", path: "/v1/units" }) },
  GetOpenApi: { kind: "public", roles: ALL, req: () => ({ method: "GET", path: "/openapi.json" }) },
  GetApiReference: { kind: "public", roles: ALL, req: () => ({ method: "GET", path: "/docs" }) },
  GetApiIndex: { kind: "public", roles: ALL, req: () => ({ method: "GET", path: "/v1" }) },
  WebHome: { kind: "global", roles: ALL, req: () => ({ method: "GET", path: "/app", web: true }) },
  // admin: users and units; province: routing, timetable, overdue reviews, proposals
  CreateUnit: {
    kind: "global",
    roles: ["admin"],
    req: () => ({ method: "POST", path: "/v1/units", body: {} }),
  },
  ListUsers: {
    kind: "global",
    roles: ["admin"],
    req: () => ({ method: "GET", path: "/v1/users" }),
  },
  CreateUser: {
    kind: "global",
    roles: ["admin"],
    req: () => ({ method: "POST", path: "/v1/users", body: {} }),
  },
  UpdateUserStatus: {
    kind: "global",
    roles: ["admin"],
    req: () => ({
      method: "POST",
      path: "/v1/users/no-such-user/status",
      body: { action: "enable" },
    }),
  },
  WebUsers: {
    kind: "global",
    roles: ["admin"],
    req: () => ({ method: "GET", path: "/app/admin/users", web: true }),
  },
  WebUsersAction: {
    kind: "global",
    roles: ["admin"],
    req: (_f, token) => ({
      method: "POST",
      path: "/app/admin/users",
      web: true,
      form: { op: "approve", username: "no-such-user", _csrf: csrf(token, "/app/admin/users") },
    }),
  },
  WebUnits: {
    kind: "global",
    roles: ["province_officer", "auditor", "admin"],
    req: () => ({ method: "GET", path: "/app/units", web: true }),
  },
  WebUnitsAction: {
    kind: "global",
    roles: ["admin"],
    req: (_f, token) => ({
      method: "POST",
      path: "/app/units",
      web: true,
      form: {
        op: "route",
        communeId: "C-NO-SUCH",
        reviewUnitId: "RU-NO-SUCH",
        _csrf: csrf(token, "/app/units"),
      },
    }),
  },
  WebReviewSettings: {
    kind: "global",
    roles: ["province_officer", "auditor", "admin"],
    req: () => ({ method: "GET", path: "/app/settings/review", web: true }),
  },
  WebReviewSettingsAction: {
    kind: "global",
    roles: ["admin"],
    req: (_f, token) => ({
      method: "POST",
      path: "/app/settings/review",
      web: true,
      form: { reviewSlaHours: "không phải số", _csrf: csrf(token, "/app/settings/review") },
    }),
  },
  WebOverdueReviews: {
    kind: "global",
    roles: ["province_officer", "auditor"],
    req: () => ({ method: "GET", path: "/app/reviews/overdue", web: true }),
  },
  WebProvinceProposals: {
    kind: "list",
    roles: ["province_officer"],
    req: (f) => ({ method: "GET", path: `/app/province?commune=${f.communeId}`, web: true }),
  },
  // approver experience
  WebInbox: {
    kind: "global",
    roles: REVIEWERS,
    sendsOn: {
      roles: ["commune_officer", "finance_officer", "central_officer"],
      to: "/app/proposals",
    },
    req: () => ({ method: "GET", path: "/app/tasks", web: true }),
  },
  WebTaskPage: {
    kind: "resource",
    roles: [...REVIEWERS, "province_officer", "auditor"],
    req: (f) => ({ method: "GET", path: `/app/tasks/${f.taskId}`, web: true }),
  },
  WebTaskAction: {
    kind: "resource",
    roles: REVIEWERS,
    req: (f, token) => ({
      method: "POST",
      path: `/app/tasks/${f.taskId}`,
      web: true,
      form: { op: "claim", _csrf: csrf(token, `/app/tasks/${encodeURIComponent(f.taskId)}`) },
    }),
  },
  // the commune officer's pages
  WebProposalList: {
    kind: "list",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/app/proposals?communeId=${f.communeId}`, web: true }),
  },
  WebNewProposal: {
    kind: "global",
    roles: ["commune_officer"],
    req: () => ({ method: "GET", path: "/app/proposals/new", web: true }),
  },
  WebCreateProposal: {
    kind: "global",
    roles: ["commune_officer"],
    req: (_f, token) => ({
      method: "POST",
      path: "/app/proposals",
      web: true,
      // An incomplete draft: the commune officer gets the form back with its errors (400).
      form: { op: "save", title: "", _csrf: csrf(token, "/app/proposals") },
    }),
  },
  WebProposalPage: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/app/proposals/${f.proposalId}`, web: true }),
  },
  WebEditProposal: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({ method: "GET", path: `/app/proposals/${f.proposalId}/edit`, web: true }),
  },
  CreateBatch: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({ method: "POST", path: "/v1/batches", body: batchOf(f.communeId, f.groupId) }),
  },
  ListBatches: {
    kind: "list",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/batches?communeId=${f.communeId}` }),
  },
  GetBatch: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/batches/${f.batchId}` }),
  },
  SubmitBatch: {
    kind: "resource",
    roles: ["commune_officer"],
    // Submitted already: the commune's officer is told every member is (202), nothing twice.
    req: (f) => ({ method: "POST", path: `/v1/batches/${f.batchId}/submit` }),
  },
  DecideBatch: {
    kind: "resource",
    roles: REVIEWERS,
    // A proposal that is not a member: a reviewer in scope gets the 400 naming it; nothing moves.
    req: (f) => ({
      method: "POST",
      path: `/v1/batches/${f.batchId}/decisions`,
      body: { items: [{ proposalId: "not-a-member", decision: "approve" }] },
    }),
  },
  WebBatchList: {
    kind: "list",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/app/batches?communeId=${f.communeId}`, web: true }),
  },
  WebNewBatch: {
    kind: "global",
    roles: ["commune_officer"],
    req: () => ({ method: "GET", path: "/app/batches/new", web: true }),
  },
  WebCreateBatch: {
    kind: "global",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: "/app/batches",
      web: true,
      // No title: the commune officer gets the form back with its errors (400).
      form: {
        activity: "A1",
        title: "",
        "pick.0": f.groupId,
        "amount.0": "1500000",
        _csrf: csrf(token, "/app/batches"),
      },
    }),
  },
  WebBatchPage: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/app/batches/${f.batchId}`, web: true }),
  },
  WebBatchAction: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/batches/${f.batchId}`,
      web: true,
      form: { op: "submit", _csrf: csrf(token, `/app/batches/${encodeURIComponent(f.batchId)}`) },
    }),
  },
  WebProposalAction: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/proposals/${f.proposalId}`,
      web: true,
      // In review already: the commune's own officer is told it cannot be submitted (409).
      form: {
        op: "submit",
        _version: String(f.version),
        _csrf: csrf(token, `/app/proposals/${encodeURIComponent(f.proposalId)}`),
      },
    }),
  },
  OpenEmailLink: {
    kind: "link",
    roles: [],
    req: () => ({ method: "GET", path: "/l/bogus-link-id-000000000000" }),
  },
  DecideByEmailLink: {
    kind: "link",
    roles: [],
    req: () => ({
      method: "POST",
      path: "/l/bogus-link-id-000000000000",
      form: { decision: "approve" },
    }),
  },
  ClaimTask: {
    kind: "resource",
    roles: REVIEWERS,
    req: (f) => ({ method: "POST", path: `/v1/tasks/${f.taskId}/claim` }),
  },
  UnclaimTask: {
    kind: "resource",
    roles: REVIEWERS,
    req: (f) => ({ method: "POST", path: `/v1/tasks/${f.taskId}/unclaim` }),
  },
  ReassignTask: {
    kind: "resource",
    roles: ["unit_lead", "province_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/tasks/${f.taskId}/reassign`,
      body: { assignee: "approver2.batxat" },
    }),
  },
  SetReviewUnit: {
    kind: "global",
    roles: ["admin"],
    req: () => ({
      method: "PUT",
      path: "/v1/units/C-YTY/review-unit",
      body: { reviewUnitId: "RU-BX" },
    }),
  },
  GetReviewSettings: {
    kind: "global",
    roles: ["admin"],
    req: () => ({ method: "GET", path: "/v1/settings/review" }),
  },
  PutReviewSettings: {
    kind: "global",
    roles: ["admin"],
    req: () => ({ method: "PUT", path: "/v1/settings/review", body: {} }),
  },
  // audit
  ListAuditEvents: {
    kind: "resource",
    roles: ["auditor"],
    req: (f) => ({ method: "GET", path: `/v1/audit/events?proposalId=${f.proposalId}` }),
  },
  VerifyAuditChains: {
    kind: "resource",
    roles: ["auditor"],
    req: (f) => ({ method: "GET", path: `/v1/audit/verify?proposalId=${f.proposalId}` }),
  },
  WebAuditPage: {
    kind: "resource",
    roles: ["auditor"],
    req: (f) => ({ method: "GET", path: `/app/audit?proposalId=${f.proposalId}`, web: true }),
  },
  // monitoring and evaluation
  GetMonitoringDashboard: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({
      method: "GET",
      path: `/v1/monitoring/dashboard?placeId=${f.communeId}&period=2026`,
    }),
  },
  ListIndicators: {
    kind: "global",
    roles: MONITORS,
    req: () => ({ method: "GET", path: "/v1/monitoring/indicators" }),
  },
  DefineIndicator: {
    kind: "global",
    roles: ["central_officer"],
    req: () => ({
      method: "PUT",
      path: "/v1/monitoring/indicators/EV.MATRIX",
      body: {
        activity: null,
        name: { vi: "Thử quyền", en: "Access test" },
        unit: "count",
        definition: {
          counts: { vi: "Sự kiện", en: "Events" },
          period: { vi: "Trong kỳ", en: "In the period" },
          source: { vi: "Sự kiện", en: "Events" },
        },
        formula: { measure: "events_held" },
        disaggregations: [],
        targetLevels: ["nation"],
      },
    }),
  },
  PutTargets: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f) => ({
      method: "PUT",
      path: `/v1/monitoring/targets/${f.communeId}/2026`,
      body: { targets: { "A2.GROUPS_SUPPORTED": 3 } },
    }),
  },
  RecordProgrammeEvent: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: "/v1/monitoring/events",
      body: {
        unitId: f.communeId,
        kind: "communication",
        title: "Truyền thông thử quyền",
        heldOn: "2026-05-21",
        participants: { femaleMinority: 3, femaleKinh: 0, maleMinority: 0, maleKinh: 0 },
      },
    }),
  },
  ListProgrammeEvents: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/monitoring/events?unitId=${f.communeId}&year=2026` }),
  },
  CorrectProgrammeEvent: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "PUT",
      path: `/v1/monitoring/events/${f.eventId}`,
      body: {
        kind: "training",
        title: "Tập huấn thử quyền",
        heldOn: "2026-05-20",
        participants: { femaleMinority: 6, femaleKinh: 1, maleMinority: 2, maleKinh: 0 },
        reason: "Thử quyền",
      },
    }),
  },
  ListPeriodicReports: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({
      method: "GET",
      path: `/v1/monitoring/reports?placeId=${f.communeId}&period=2026-Q1`,
    }),
  },
  GetPeriodicReport: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/monitoring/reports/${f.communeId}/2026-Q1` }),
  },
  SavePeriodicReport: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "PUT",
      path: `/v1/monitoring/reports/${f.communeId}/2026-Q1`,
      body: { entered: { "A3.VICTIMS_SUPPORTED": 1 }, narrative: { results: "Thử quyền" } },
    }),
  },
  SubmitPeriodicReport: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({ method: "POST", path: `/v1/monitoring/reports/${f.communeId}/2026-Q1/submit` }),
  },
  DecidePeriodicReport: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/monitoring/reports/${f.communeId}/2026-Q1/decision`,
      body: { decision: "return", comment: "Thử quyền" },
    }),
  },
  ReopenPeriodicReport: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/monitoring/reports/${f.communeId}/2026-Q1/reopen`,
      body: { reason: "Thử quyền" },
    }),
  },
  WebMonitoringDashboard: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/app/monitoring?place=${f.communeId}`, web: true }),
  },
  WebMonitoringExport: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/app/monitoring/export?place=${f.communeId}`, web: true }),
  },
  WebPeriodicReport: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({
      method: "GET",
      path: `/app/monitoring/reports/${f.communeId}/2026-Q1`,
      web: true,
    }),
  },
  WebPeriodicReportAction: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/monitoring/reports/${f.communeId}/2026-Q1`,
      web: true,
      form: {
        op: "save",
        results: "Thử quyền",
        _csrf: csrf(token, `/app/monitoring/reports/${f.communeId}/2026-Q1`),
      },
    }),
  },
  // the programme registry (shared/registry)
  CreateBeneficiary: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: "/v1/registry/beneficiaries",
      body: registrationOf("COOPERATIVE", f.communeId),
    }),
  },
  ListBeneficiaries: {
    kind: "list",
    roles: READERS,
    req: (f) => ({ method: "GET", path: `/v1/registry/beneficiaries?communeId=${f.communeId}` }),
  },
  GetBeneficiary: {
    kind: "resource",
    roles: READERS,
    req: (f) => ({ method: "GET", path: `/v1/registry/beneficiaries/${f.beneficiaryId}` }),
  },
  UpdateBeneficiary: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => {
      const { communeId: _c, ...fields } = registrationOf(
        "COOPERATIVE",
        f.communeId,
        "HTX sửa tên",
      );
      return {
        method: "PUT",
        path: `/v1/registry/beneficiaries/${f.beneficiaryId}`,
        body: fields,
        headers: { "if-match": '"1"' },
      };
    },
  },

  MoveBeneficiary: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/registry/beneficiaries/${f.moveId}/move`,
      body: { toCommuneId: f.moveTo, reason: "Thử quyền" },
    }),
  },

  AddMember: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/registry/beneficiaries/${f.groupId}/members`,
      body: { name: "Thành viên thử quyền", gender: "female" },
    }),
  },
  UpdateMember: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "PUT",
      path: `/v1/registry/beneficiaries/${f.groupId}/members/M001`,
      body: { name: "Thành viên đã sửa", gender: "female", birthYear: 1990 },
      headers: { "if-match": '"1"' },
    }),
  },
  RecordGroupFigures: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/registry/beneficiaries/${f.groupId}/figures`,
      body: { period: "2026-05", savingsBalance: 1_000_000, loansOutstanding: 0 },
    }),
  },
  ListDuplicates: {
    kind: "list",
    roles: ["province_officer"],
    req: (f) => ({ method: "GET", path: `/v1/registry/duplicates?provinceId=${f.provinceId}` }),
  },
  DismissDuplicate: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/registry/duplicates/${f.flaggedId}/dismiss`,
      body: { reason: "Thử quyền" },
    }),
  },
  MergeBeneficiaries: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f) => ({
      method: "POST",
      path: "/v1/registry/merges",
      body: { keepId: f.keepId, mergeId: f.mergeId, reason: "Thử quyền" },
    }),
  },
  ImportRegistry: {
    // Rows are scoped one by one: a row of a commune out of scope is a problem of the report.
    kind: "list",
    roles: ["commune_officer", "province_officer"],
    req: (f) => ({
      method: "POST",
      path: "/v1/registry/imports?dryRun=true",
      raw: { type: "text/csv", body: importCsv(f.communeId) },
    }),
  },
  GetA1Indicators: {
    kind: "resource",
    roles: READERS,
    req: (f) => ({ method: "GET", path: `/v1/registry/indicators/a1?communeId=${f.communeId}` }),
  },
  WebRegistry: {
    kind: "list",
    roles: READERS,
    req: (f) => ({ method: "GET", path: `/app/registry?communeId=${f.communeId}`, web: true }),
  },
  WebRegistryCreate: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: "/app/registry",
      web: true,
      form: {
        _csrf: csrf(token, "/app/registry"),
        kind: "COOPERATIVE",
        communeId: f.communeId,
        name: `HTX trang ${Math.random().toString(36).slice(2, 8)}`,
        leadership: "women_led",
      },
    }),
  },
  WebRegistryEntry: {
    kind: "resource",
    roles: READERS,
    req: (f) => ({ method: "GET", path: `/app/registry/${f.groupId}`, web: true }),
  },
  WebRegistryEntryAction: {
    kind: "resource",
    roles: ["commune_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/registry/${f.groupId}`,
      web: true,
      form: {
        _csrf: csrf(token, `/app/registry/${f.groupId}`),
        op: "addMember",
        name: "Thành viên trang",
        gender: "female",
      },
    }),
  },
  WebRegistryDuplicates: {
    kind: "global",
    roles: ["province_officer"],
    req: () => ({ method: "GET", path: "/app/registry/duplicates", web: true }),
  },
  WebRegistryDuplicatesAction: {
    kind: "resource",
    roles: ["province_officer"],
    req: (f, token) => ({
      method: "POST",
      path: "/app/registry/duplicates",
      web: true,
      form: {
        _csrf: csrf(token, "/app/registry/duplicates"),
        op: "dismiss",
        id: f.flagged2Id,
        reason: "Thử quyền",
      },
    }),
  },
  WebRegistryImportUpload: {
    kind: "list",
    roles: ["commune_officer", "province_officer"],
    req: (f, token) => ({
      method: "POST",
      path: "/app/registry/import",
      web: true,
      multipart: {
        fields: {
          _csrf: csrf(token, "/app/registry/import"),
          layout: "beneficiaries",
          mode: "dryRun",
        },
        file: { name: "danh-sach.csv", type: "text/csv", body: importCsv(f.communeId) },
      },
    }),
  },
  // attachments (shared/attachments): the commune and finance attach, every reader lists and
  // opens (a survivor's file needs personal.read too: test/integration/attachments.test.ts)
  CreateAttachmentUpload: {
    kind: "resource",
    roles: ["commune_officer", "finance_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/attachments`,
      body: { kind: "other", contentType: "application/pdf", size: 100 },
    }),
  },
  ConfirmAttachment: {
    // No such upload: 404 to whoever may attach here, 403 to the others.
    kind: "resource",
    roles: ["commune_officer", "finance_officer"],
    req: (f) => ({
      method: "POST",
      path: `/v1/proposals/${f.proposalId}/attachments/${NO_ATTACHMENT}/confirm`,
    }),
  },
  ListAttachments: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({ method: "GET", path: `/v1/proposals/${f.proposalId}/attachments` }),
  },
  GetAttachment: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({
      method: "GET",
      path: `/v1/proposals/${f.proposalId}/attachments/${NO_ATTACHMENT}`,
    }),
  },
  WebAttachmentAction: {
    kind: "resource",
    roles: ["commune_officer", "finance_officer"],
    req: (f, token) => ({
      method: "POST",
      path: `/app/proposals/${f.proposalId}/attachments`,
      web: true,
      form: {
        op: "presign",
        kind: "other",
        contentType: "application/pdf",
        size: "100",
        _csrf: csrf(token, `/app/proposals/${encodeURIComponent(f.proposalId)}/attachments`),
      },
    }),
  },
  WebAttachmentDownload: {
    kind: "resource",
    roles: MONITORS,
    req: (f) => ({
      method: "GET",
      path: `/app/proposals/${f.proposalId}/attachments/${NO_ATTACHMENT}`,
      web: true,
    }),
  },
  // web sign-in
  WebSignIn: {
    kind: "signin",
    roles: ALL,
    req: (f) => ({ method: "GET", path: `/auth/sign-in?next=/app/tasks/${f.taskId}`, web: true }),
  },
  WebSignInCallback: {
    kind: "signin",
    roles: ALL,
    req: () => ({ method: "GET", path: "/auth/callback?code=bogus&state=bogus", web: true }),
  },
  WebSignOut: {
    kind: "signin",
    roles: ALL,
    req: () => ({ method: "GET", path: "/auth/sign-out", web: true }),
  },
  // The TOTP enrolment page: every signed-in user may open it (the privileged ones must enrol).
  WebMfaPage: {
    kind: "global",
    roles: ALL,
    req: () => ({ method: "GET", path: "/app/mfa", web: true }),
  },
  WebMfaAction: {
    kind: "global",
    roles: ALL,
    req: (_f, token) => ({
      method: "POST",
      path: "/app/mfa",
      web: true,
      form: { op: "start", _csrf: csrf(token, "/app/mfa") },
    }),
  },
};

/**
 * Views of a route that answer another page (a query parameter), each checked like a route:
 * the key is the route's id and the view.
 */
const VIEWS: Record<string, Row> = {
  "WebRegistry ?view=import": {
    kind: "global",
    roles: ["commune_officer", "province_officer"],
    req: () => ({ method: "GET", path: "/app/registry?view=import", web: true }),
  },
  "WebRegistry ?template=members": {
    kind: "global",
    roles: ["commune_officer", "province_officer"],
    req: () => ({
      method: "GET",
      path: "/app/registry?view=import&template=members&format=csv",
      web: true,
    }),
  },
};
const ROWS: Record<string, Row> = { ...MATRIX, ...VIEWS };

interface MatrixUser {
  username: string;
  role: Role;
  unitId: string;
  provinceId: string;
}

const USERS: MatrixUser[] = [
  { username: U.commune, role: "commune_officer", unitId: "C-BATXAT", provinceId: "P-LC" },
  { username: U.commune2, role: "commune_officer", unitId: "C-MUONGHUM", provinceId: "P-LC" },
  { username: U.approver, role: "approver", unitId: "RU-BX", provinceId: "P-LC" },
  { username: U.lead, role: "unit_lead", unitId: "RU-BX", provinceId: "P-LC" },
  { username: U.finance, role: "finance_officer", unitId: "P-LC", provinceId: "P-LC" },
  { username: U.province, role: "province_officer", unitId: "P-LC", provinceId: "P-LC" },
  { username: U.auditor, role: "auditor", unitId: "P-LC", provinceId: "P-LC" },
  { username: U.admin, role: "admin", unitId: "P-LC", provinceId: "P-LC" },
  { username: U.central, role: "central_officer", unitId: "VN", provinceId: "VN" },
];

/** The scope of each role, as the issue states it. */
function inScope(u: MatrixUser, f: Fixture): boolean {
  switch (u.role) {
    case "commune_officer":
      return f.communeId === u.unitId;
    case "approver":
    case "unit_lead":
      return f.reviewUnitId === u.unitId;
    case "finance_officer":
    case "province_officer":
    case "auditor":
      return f.provinceId === u.provinceId;
    case "admin":
      return false;
    case "central_officer":
      // The national role: reads across provinces.
      return true;
  }
}

let stack: StackHandle;
let fx: Fixtures;

async function tokenOf(username: string): Promise<string> {
  const extra = OTHER_USERS.find((u) => u.username === username);
  return extra ? signToken(stack, extra) : stack.token(username);
}

async function send(r: Req, token: string | undefined) {
  const headers: Record<string, string> = { ...r.headers };
  let body: string | undefined;
  if (r.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(r.form).toString();
  } else if (r.raw) {
    headers["content-type"] = r.raw.type;
    body = r.raw.body;
  } else if (r.multipart) {
    const boundary = "----matrix-boundary-7d3f";
    headers["content-type"] = `multipart/form-data; boundary=${boundary}`;
    const fields = Object.entries(r.multipart.fields).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    const f = r.multipart.file;
    body = `${fields.join("")}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n${f.body}\r\n--${boundary}--\r\n`;
  } else if (r.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(r.body);
  }
  if (token) {
    if (r.web) headers.cookie = `p8_token=${token}`;
    else headers.authorization = `Bearer ${token}`;
  }
  const res = await fetch(`${stack.urls.api}${r.path}`, {
    method: r.method,
    headers,
    redirect: "manual",
    ...(body ? { body } : {}),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get("location") };
}

/**
 * The commune's registry entries for the registry rows, registered by its officer: a cooperative
 * (the proposal's beneficiary), a savings group with one member, one to move, two flagged as
 * likely duplicates (one per dismiss route), and a pair to merge.
 */
async function registryFixture(token: string, communeId: string) {
  const register = async (body: Record<string, unknown>) => {
    const res = await callAs(stack, token, "POST", "/v1/registry/beneficiaries", body);
    expect(res.status, res.text).toBe(201);
    return (res.json as { id: string }).id;
  };
  const tag = Math.random().toString(36).slice(2, 8);
  const beneficiaryId = await register(
    registrationOf("COOPERATIVE", communeId, `HTX ma trận ${tag}`),
  );
  const groupId = await register(registrationOf("SAVINGS_GROUP", communeId, `Tổ ma trận ${tag}`));
  const member = await callAs(
    stack,
    token,
    "POST",
    `/v1/registry/beneficiaries/${groupId}/members`,
    {
      name: "Thành viên ma trận",
      gender: "female",
    },
  );
  expect(member.status, member.text).toBe(201);
  const moveId = await register(registrationOf("COOPERATIVE", communeId, `HTX chuyển ${tag}`));
  const flagged = async (name: string) => {
    const base = await register(registrationOf("COOPERATIVE", communeId, name));
    return register({
      ...registrationOf("COOPERATIVE", communeId, name.toLowerCase()),
      duplicatesReviewed: [base],
    });
  };
  const flaggedId = await flagged(`HTX Trùng ${tag}`);
  const flagged2Id = await flagged(`HTX Trùng Hai ${tag}`);
  const keepId = await register(registrationOf("COOPERATIVE", communeId, `HTX giữ ${tag}`));
  const mergeId = await register(registrationOf("COOPERATIVE", communeId, `HTX gộp ${tag}`));
  return { beneficiaryId, groupId, moveId, flaggedId, flagged2Id, keepId, mergeId };
}

const MOVE_TO: Record<string, string> = {
  "C-BATXAT": "C-MUONGHUM",
  "C-TAVAN": "C-BATXAT",
  [OTHER.commune]: OTHER.commune,
};

/** Creates and submits a proposal in a commune as that commune's officer; waits for its task. */
async function fixture(
  officer: ExtraUser | string,
  communeId: string,
  reviewUnitId: string,
  provinceId: string,
): Promise<Fixture> {
  const token =
    typeof officer === "string" ? await stack.token(officer) : await signToken(stack, officer);
  const registry = await registryFixture(token, communeId);
  const created = await callAs(
    stack,
    token,
    "POST",
    "/v1/proposals",
    a2Draft({ communeId, beneficiaryId: registry.beneficiaryId }),
  );
  expect(created.status, created.text).toBe(201);
  const p = created.json as { id: string; version: number };
  const submitted = await callAs(stack, token, "POST", `/v1/proposals/${p.id}/submit`, undefined, {
    "if-match": `"${p.version}"`,
  });
  expect(submitted.status, submitted.text).toBe(202);
  const taskId = await waitFor(`task of ${p.id}`, async () => {
    const now = (await callAs(stack, token, "GET", `/v1/proposals/${p.id}`)).json as {
      currentTaskId?: string;
    };
    return now.currentTaskId;
  });
  const now = (await callAs(stack, token, "GET", `/v1/proposals/${p.id}`)).json as {
    version: number;
  };
  const event = await callAs(stack, token, "POST", "/v1/monitoring/events", {
    unitId: communeId,
    kind: "training",
    title: "Tập huấn thử quyền",
    heldOn: "2026-05-20",
    participants: { femaleMinority: 5, femaleKinh: 1, maleMinority: 2, maleKinh: 0 },
  });
  expect(event.status, event.text).toBe(201);
  const eventId = (event.json as { id: string }).id;
  const batch = await callAs(
    stack,
    token,
    "POST",
    "/v1/batches",
    batchOf(communeId, registry.groupId),
  );
  expect(batch.status, batch.text).toBe(201);
  const batchId = (batch.json as { id: string }).id;
  const member = (batch.json as { members: { proposalId: string }[] }).members[0]?.proposalId;
  const sent = await callAs(stack, token, "POST", `/v1/batches/${batchId}/submit`);
  expect(sent.status, sent.text).toBe(202);
  await waitFor(`task of batch member ${member}`, async () => {
    const now = (await callAs(stack, token, "GET", `/v1/proposals/${member}`)).json as {
      currentTaskId?: string;
    };
    return now.currentTaskId;
  });
  return {
    proposalId: p.id,
    version: now.version,
    taskId,
    communeId,
    reviewUnitId,
    provinceId,
    eventId,
    batchId,
    ...registry,
    moveTo: MOVE_TO[communeId] ?? communeId,
  };
}

beforeAll(async () => {
  stack = await startStack();
  await seedOtherProvince(stack);
  const tavan = OTHER_USERS.find((u) => u.username === "commune.tavan");
  const lungcu = OTHER_USERS.find((u) => u.username === "commune.lungcu");
  if (!tavan || !lungcu) throw new Error("fixture users");
  const [inScopeFixture, unit, province] = await Promise.all([
    fixture(U.commune, "C-BATXAT", "RU-BX", "P-LC"),
    fixture(tavan, "C-TAVAN", "RU-SP", "P-LC"),
    fixture(lungcu, OTHER.commune, OTHER.unit, OTHER.province),
  ]);
  fx = { in: inScopeFixture, unit, province };
});
afterAll(async () => {
  await stack?.dispose();
});

const isDenied = (s: number) => s === 403 || s === 404;
/** A response names a resource of the fixture: its proposal, task or registry entries. */
const leaksOf = (text: string, o: Fixture) =>
  [o.proposalId, o.taskId, o.beneficiaryId, o.groupId, o.flaggedId, o.batchId].some((id) =>
    text.includes(id),
  );
const isAllowed = (s: number) => s !== 401 && s !== 403 && s < 500;

describe("GIVEN the route table", () => {
  it("THEN every route has a row in the access matrix, and every row a route", () => {
    expect(ROUTES.map((r) => r.id).filter((id) => !(id in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !ROUTES.some((r) => r.id === id))).toEqual([]);
  });
});

describe("GIVEN every role WHEN it calls every route in and out of its scope", () => {
  // Reads first, then writes, so that a permitted write cannot hide a later denial.
  const ids = Object.keys(ROWS).sort((a, b) => {
    const w = (id: string) =>
      ROUTES.find((r) => r.id === id.split(" ")[0])?.method === "GET" ? 0 : 1;
    return w(a) - w(b);
  });

  it.each(ids)("THEN %s allows exactly the roles of the issue, only in their scope", async (id) => {
    const row = ROWS[id];
    if (!row) throw new Error(`no row for ${id}`);
    const failures: string[] = [];
    for (const u of USERS) {
      const token = await tokenOf(u.username);
      const roleAllowed = row.roles.includes(u.role);
      const targets: readonly Target[] =
        row.kind === "resource" || row.kind === "list" ? TARGETS : ["in"];
      for (const target of targets) {
        const f = fx[target];
        const r = row.req(f, token);
        const res = await send(r, token);
        const where = `${u.username} ${r.method} ${r.path} (${target})`;
        if (res.status >= 500) failures.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
        if (row.kind === "link") {
          if (res.status < 400) failures.push(`${where}: a bogus link answered ${res.status}`);
          continue;
        }
        if (row.kind === "signin") {
          if (res.status < 300 || res.status >= 500)
            failures.push(
              `${where}: the sign-in answered ${res.status}, not a redirect or refusal`,
            );
          continue;
        }
        const expected = row.kind === "resource" ? roleAllowed && inScope(u, f) : roleAllowed;
        if (row.kind === "list" && roleAllowed && !inScope(u, f)) {
          // An out-of-scope filter: refused, or answered without anything out of scope.
          const leaks = TARGETS.map((t) => fx[t]).filter(
            (o) => !inScope(u, o) && leaksOf(res.text, o),
          );
          if (!isDenied(res.status) && !(res.status < 300 && leaks.length === 0))
            failures.push(`${where}: ${res.status}, leaked ${leaks.length}`);
          continue;
        }
        if (expected && !isAllowed(res.status))
          failures.push(`${where}: expected allowed, got ${res.status} ${res.text.slice(0, 160)}`);
        const sentOn =
          row.sendsOn?.roles.includes(u.role) &&
          res.status === 303 &&
          res.location === row.sendsOn.to;
        if (!expected && !isDenied(res.status) && !sentOn)
          failures.push(`${where}: expected denied, got ${res.status} ${res.text.slice(0, 160)}`);
        if (row.kind === "list" && expected && res.status < 300) {
          const leaks = TARGETS.map((t) => fx[t]).filter(
            (o) => !inScope(u, o) && leaksOf(res.text, o),
          );
          if (leaks.length > 0)
            failures.push(`${where}: lists ${leaks.length} resources out of scope`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("THEN without a token every API route is 401 and every page sends to the sign-in; only docs are public", async () => {
    for (const r of ROUTES) {
      const row = MATRIX[r.id];
      if (!row) continue;
      const res = await send(row.req(fx.in, ""), undefined);
      if (row.kind === "public") expect(res.status, r.id).toBe(200);
      else if (r.auth === "jwt") expect(res.status, r.id).toBe(401);
      else expect(res.status >= 300 && res.status < 500, `${r.id}: ${res.status}`).toBe(true);
    }
  });
});
