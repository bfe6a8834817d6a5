/** Routes of the proposals capability: the commune's draft, submission, reading, history. */
import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import {
  CancelInput,
  CreateProposalInput,
  ListQuery,
  ProposalView,
  UpdateProposalInput,
} from "./schemas.ts";

const byId = { id: ProposalIdParam };

export const CreateProposal = /* @__PURE__ */ defineRoute({
  id: "CreateProposal",
  method: "POST",
  path: "/v1/proposals",
  entry: "functions/api/create-proposal.ts",
  auth: "jwt",
  action: "proposal.create",
  grants: {
    data: "readwrite",
    deletes: true,
    audit: "append",
    personalData: "encrypt",
    pseudonym: true,
  },
  request: { body: CreateProposalInput, idempotent: true, maxBodyBytes: 131_072 /* 128 KiB */ },
  response: ProposalView,
  successStatus: 201,
  problems: ["conflict"],
  doc: { tag: "Proposals", summary: "Create a draft proposal", summaryVi: "Tạo dự thảo đề xuất" },
});

export const ListProposals = /* @__PURE__ */ defineRoute({
  id: "ListProposals",
  method: "GET",
  path: "/v1/proposals",
  entry: "functions/api/list-proposals.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read" },
  request: {
    query: ListQuery,
    queryDocs: {
      status:
        "one status; default: every status (province roles, auditors, the central level), see the description",
      communeId:
        "commune (reviewing units: default their first commune; province and central roles)",
      provinceId: "province (central officers: required unless communeId is given)",
      limit: "1-100 (default 25)",
      cursor: "from the previous page",
    },
  },
  doc: {
    tag: "Proposals",
    summary: "List proposals in your scope",
    summaryVi: "Danh sách đề xuất",
    description:
      "Default without `status`: a commune officer gets every status of the commune, newest first; a reviewing unit every status of one commune it reviews; a province officer, finance officer or auditor every status of the province (a central officer: of `provinceId`), paged, in this order: IN_REVIEW, NORM_CHECK, APPROVED, DISBURSING, MONITORING, RETURNED, REJECTED, CLOSED, CANCELLED, DRAFT, each most recently changed first. Every page is read through an index, never a scan.",
  },
});

export const GetProposal = /* @__PURE__ */ defineRoute({
  id: "GetProposal",
  method: "GET",
  path: "/v1/proposals/{id}",
  entry: "functions/api/get-proposal.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read", personalReads: true, audit: "append", personalData: "decrypt" },
  request: {
    params: byId,
    query: /* @__PURE__ */ lazy(() => z.object({ include: z.optional(z.enum(["personal"])) })),
    queryDocs: {
      include: "'personal' to unseal survivors' personal data (allowed roles only; audited)",
    },
  },
  response: ProposalView,
  doc: {
    tag: "Proposals",
    summary: "Get a proposal with its payments and reports",
    summaryVi: "Xem đề xuất",
  },
});

export const UpdateProposal = /* @__PURE__ */ defineRoute({
  id: "UpdateProposal",
  method: "PUT",
  path: "/v1/proposals/{id}",
  entry: "functions/api/update-proposal.ts",
  auth: "jwt",
  action: "proposal.edit",
  // deletes: a change of beneficiary removes the old entry's reference (shared/registry).
  grants: { data: "readwrite", deletes: true, audit: "append", personalData: "encrypt" },
  request: {
    params: byId,
    body: UpdateProposalInput,
    ifMatch: "required",
    maxBodyBytes: 131_072 /* 128 KiB */,
  },
  response: ProposalView,
  problems: ["wrong-state", "stale-version", "precondition-required"],
  doc: {
    tag: "Proposals",
    summary: "Edit a draft or returned proposal",
    summaryVi: "Sửa dự thảo",
    description:
      "Optimistic concurrency: send If-Match with the version (ETag) you read, or `version` in the body. A stale version gets 412.",
  },
});

export const SubmitProposal = /* @__PURE__ */ defineRoute({
  id: "SubmitProposal",
  method: "POST",
  path: "/v1/proposals/{id}/submit",
  entry: "functions/api/submit-proposal.ts",
  auth: "jwt",
  action: "proposal.submit",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["start"] },
  request: { params: byId, ifMatch: "optional", idempotent: true },
  response: ProposalView,
  successStatus: 202,
  problems: ["wrong-state", "stale-version"],
  doc: { tag: "Proposals", summary: "Submit for review", summaryVi: "Gửi thẩm định" },
});

export const CancelProposal = /* @__PURE__ */ defineRoute({
  id: "CancelProposal",
  method: "POST",
  path: "/v1/proposals/{id}/cancel",
  entry: "functions/api/cancel-proposal.ts",
  auth: "jwt",
  action: "proposal.cancel",
  // stop: the submission's execution, if one still runs, ends with the proposal.
  grants: { data: "readwrite", audit: "append", sfn: ["stop"] },
  request: { params: byId, body: CancelInput },
  response: ProposalView,
  problems: ["wrong-state"],
  doc: {
    tag: "Proposals",
    summary: "Withdraw a draft or returned proposal",
    summaryVi: "Rút đề xuất",
  },
});

export const GetProposalHistory = /* @__PURE__ */ defineRoute({
  id: "GetProposalHistory",
  method: "GET",
  path: "/v1/proposals/{id}/history",
  entry: "functions/api/get-proposal-history.ts",
  auth: "jwt",
  action: "proposal.history",
  grants: { data: "read", audit: "read" },
  request: { params: byId },
  doc: {
    tag: "Proposals",
    summary: "Audit history of a proposal, with hash-chain verdict",
    summaryVi: "Lịch sử phê duyệt",
  },
});

const LANG_DOC = "vi | en";
const langDoc = { lang: LANG_DOC };

export const WebProposalList = /* @__PURE__ */ defineRoute({
  id: "WebProposalList",
  method: "GET",
  path: "/app/proposals",
  entry: "functions/web/proposal-list.ts",
  auth: "none",
  grants: { data: "read" },
  request: {
    query: ListQuery,
    queryDocs: {
      status: "a status (commune officers: none = all)",
      communeId: "province roles and reviewing units: one commune",
      cursor: "from the previous page",
      lang: LANG_DOC,
    },
  },
  doc: {
    tag: "Web",
    summary: "Proposals page (HTML): the commune's proposals by status",
    summaryVi: "Trang danh sách đề xuất",
  },
});

export const WebNewProposal = /* @__PURE__ */ defineRoute({
  id: "WebNewProposal",
  method: "GET",
  path: "/app/proposals/new",
  entry: "functions/web/new-proposal.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: langDoc },
  doc: {
    tag: "Web",
    summary: "New proposal form (HTML), with the norm items of each activity",
    summaryVi: "Trang lập đề xuất",
  },
});

export const WebCreateProposal = /* @__PURE__ */ defineRoute({
  id: "WebCreateProposal",
  method: "POST",
  path: "/app/proposals",
  entry: "functions/web/create-proposal.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt", pseudonym: true },
  request: { form: true, maxBodyBytes: 65_536 /* 64 KiB */ },
  doc: {
    tag: "Web",
    summary: "New proposal form post: saves the draft (or only adds an item row)",
    summaryVi: "Gửi biểu mẫu lập đề xuất",
    description:
      "application/x-www-form-urlencoded; field names are the paths of CreateProposalInput (items.0.supportAmount). Field errors come back on the form, in Vietnamese. Success: 303 to the proposal page.",
  },
});

export const WebProposalPage = /* @__PURE__ */ defineRoute({
  id: "WebProposalPage",
  method: "GET",
  path: "/app/proposals/{id}",
  entry: "functions/web/proposal-page.ts",
  auth: "none",
  grants: { data: "read", audit: "read" },
  request: { params: byId, queryDocs: { saved: "the form whose draft was saved", lang: LANG_DOC } },
  doc: {
    tag: "Web",
    summary:
      "Proposal page (HTML): status, the reviewer's comment, items, norm pre-check, payments, timeline, and what the reader may do",
    summaryVi: "Trang đề xuất",
    description:
      "For every role that may read the proposal; the page the commune's notifications link to.",
  },
});

export const WebEditProposal = /* @__PURE__ */ defineRoute({
  id: "WebEditProposal",
  method: "GET",
  path: "/app/proposals/{id}/edit",
  entry: "functions/web/edit-proposal.ts",
  auth: "none",
  grants: { data: "read" },
  request: { params: byId, queryDocs: langDoc },
  doc: {
    tag: "Web",
    summary: "Edit form of a draft or returned proposal (HTML)",
    summaryVi: "Trang sửa đề xuất",
  },
});

export const WebProposalAction = /* @__PURE__ */ defineRoute({
  id: "WebProposalAction",
  method: "POST",
  path: "/app/proposals/{id}",
  entry: "functions/web/proposal-action.ts",
  auth: "none",
  grants: {
    data: "readwrite",
    deletes: true,
    audit: "append",
    personalData: "encrypt",
    sfn: ["start"],
  },
  request: { params: byId, form: true, maxBodyBytes: 65_536 /* 64 KiB */ },
  doc: {
    tag: "Web",
    summary: "Proposal form post: save, add an item row, submit",
    summaryVi: "Gửi biểu mẫu đề xuất",
    description:
      "`op` = save | addItem | submit; `_version` is the version the form was read at (a stale one is refused and the page says so); `_csrf` bound to the session. Success: 303 to the proposal page.",
  },
});

export const WebProvinceProposals = /* @__PURE__ */ defineRoute({
  id: "WebProvinceProposals",
  method: "GET",
  path: "/app/province",
  entry: "functions/web/province-proposals.ts",
  auth: "none",
  grants: { data: "read" },
  request: {
    queryDocs: {
      lang: "vi | en",
      commune: "part of a commune's name (Vietnamese, accents optional)",
      activity: "A1 … A4",
      status: "a proposal status",
    },
  },
  doc: {
    tag: "Web",
    summary: "Province officers: proposals across the province's communes, with filters",
    summaryVi: "Đề xuất của các xã trong tỉnh",
  },
});

export const PROPOSAL_ROUTES = [
  WebProvinceProposals,
  CreateProposal,
  ListProposals,
  GetProposal,
  UpdateProposal,
  SubmitProposal,
  CancelProposal,
  GetProposalHistory,
  WebProposalList,
  WebNewProposal,
  WebCreateProposal,
  WebProposalPage,
  WebEditProposal,
  WebProposalAction,
];
