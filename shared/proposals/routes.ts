/** Routes of the proposals capability: the commune's draft, submission, reading, history. */
import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import {
  CancelInput,
  CreateProposalInput,
  ListQuery,
  ProposalView,
  UpdateProposalInput,
} from "./schemas.ts";

const byId = { id: ProposalIdParam };

export const CreateProposal = defineRoute({
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
  request: { body: CreateProposalInput, idempotent: true, maxBodyBytes: 128 * 1024 },
  response: ProposalView,
  successStatus: 201,
  problems: ["conflict"],
  doc: { tag: "Proposals", summary: "Create a draft proposal", summaryVi: "Tạo dự thảo đề xuất" },
});

export const ListProposals = defineRoute({
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

export const GetProposal = defineRoute({
  id: "GetProposal",
  method: "GET",
  path: "/v1/proposals/{id}",
  entry: "functions/api/get-proposal.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read", personalReads: true, audit: "append", personalData: "decrypt" },
  request: {
    params: byId,
    query: z.object({ include: z.optional(z.enum(["personal"])) }),
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

export const UpdateProposal = defineRoute({
  id: "UpdateProposal",
  method: "PUT",
  path: "/v1/proposals/{id}",
  entry: "functions/api/update-proposal.ts",
  auth: "jwt",
  action: "proposal.edit",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt" },
  request: {
    params: byId,
    body: UpdateProposalInput,
    ifMatch: "required",
    maxBodyBytes: 128 * 1024,
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

export const SubmitProposal = defineRoute({
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

export const CancelProposal = defineRoute({
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

export const GetProposalHistory = defineRoute({
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

export const PROPOSAL_ROUTES = [
  CreateProposal,
  ListProposals,
  GetProposal,
  UpdateProposal,
  SubmitProposal,
  CancelProposal,
  GetProposalHistory,
];
