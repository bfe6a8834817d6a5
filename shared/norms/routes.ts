/** Routes of the budget-norm capability: the dry run, the norm sets, their publication. */

import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { EntityIdParam, ProposalIdParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import { normSetDraftSchema } from "./domain/schema.ts";
import {
  ApproveNormSetInput,
  NormCheckResultView,
  NormSetDraftView,
  NormSetListView,
} from "./schemas.ts";

export const PreviewNormCheck = /* @__PURE__ */ defineRoute({
  id: "PreviewNormCheck",
  method: "POST",
  path: "/v1/proposals/{id}/norm-check",
  entry: "functions/api/preview-norm-check.ts",
  auth: "jwt",
  action: "proposal.previewNorms",
  grants: { data: "read" },
  request: { params: { id: ProposalIdParam } },
  response: NormCheckResultView,
  doc: {
    tag: "Norms",
    summary: "Dry-run the budget-norm check (nothing is reserved)",
    summaryVi: "Kiểm tra thử định mức",
    description:
      "Runs every rule against the norm sets in force now and the beneficiary's earlier reservations; writes nothing. The same result is stored on the proposal (normCheck) when the workflow checks it after approval.",
  },
});

export const ListNormSets = /* @__PURE__ */ defineRoute({
  id: "ListNormSets",
  method: "GET",
  path: "/v1/norm-sets",
  entry: "functions/api/list-norm-sets.ts",
  auth: "jwt",
  action: "norms.read",
  grants: { data: "read" },
  response: NormSetListView,
  doc: {
    tag: "Norms",
    summary: "Norm sets and their items, with citations",
    summaryVi: "Các bộ định mức và căn cứ pháp lý",
  },
});

const draftIdParam = { draftId: EntityIdParam };

export const DraftNormSet = /* @__PURE__ */ defineRoute({
  id: "DraftNormSet",
  method: "POST",
  path: "/v1/norm-sets/drafts",
  entry: "functions/api/draft-norm-set.ts",
  auth: "jwt",
  action: "norms.draft",
  grants: { data: "readwrite", audit: "append" },
  // The use case validates the draft itself (it explains a narrowing or ceiling violation item
  // by item); the contract documents the shape and the edge only checks it is JSON.
  request: { body: normSetDraftSchema, maxBodyBytes: 262_144 /* 256 KiB */ },
  response: NormSetDraftView,
  successStatus: 201,
  problems: ["conflict"],
  doc: {
    tag: "Norms",
    summary: "Draft a norm set version (admin; national sets: national role)",
    summaryVi: "Soạn thảo bộ định mức",
    description:
      "A draft takes effect only when a second person approves it (four eyes). Validated and versioned as a publication: never retroactive (effectiveFrom after today, Asia/Ho_Chi_Minh), never before its instrument's effective date (legalBasis.effectiveOn), a province set only narrows. Every cap is compared with the legal ceiling shipped with the code: a province above it is refused; a national cap above it must cite the new legal text (items[].aboveCeiling.legalCitation). Recorded in the audit trail (stream NS#<setId>).",
  },
});

export const ListNormSetDrafts = /* @__PURE__ */ defineRoute({
  id: "ListNormSetDrafts",
  method: "GET",
  path: "/v1/norm-sets/drafts",
  entry: "functions/api/list-norm-set-drafts.ts",
  auth: "jwt",
  action: "norms.approve",
  grants: { data: "read" },
  response: /* @__PURE__ */ lazy(() => z.object({ drafts: z.array(NormSetDraftView) })),
  doc: {
    tag: "Norms",
    summary: "Norm set drafts and their approval",
    summaryVi: "Các dự thảo bộ định mức",
  },
});

export const ApproveNormSetDraft = /* @__PURE__ */ defineRoute({
  id: "ApproveNormSetDraft",
  method: "POST",
  path: "/v1/norm-sets/drafts/{draftId}/approve",
  entry: "functions/api/approve-norm-set-draft.ts",
  auth: "jwt",
  action: "norms.approve",
  grants: { data: "readwrite", audit: "append" },
  request: { params: draftIdParam, body: ApproveNormSetInput },
  successStatus: 201,
  problems: ["conflict"],
  doc: {
    tag: "Norms",
    summary: "Approve a norm set draft (a second admin, never the drafter)",
    summaryVi: "Phê duyệt bộ định mức",
    description:
      "Publishes the version: re-validated against today and the sets in force. A national cap above the legal ceiling needs `confirmLegalCitations: true`, the approver's confirmation of the new legal text it cites. 403 for the drafter; 409 when already approved.",
  },
});

export const WebNormSets = /* @__PURE__ */ defineRoute({
  id: "WebNormSets",
  method: "GET",
  path: "/app/norm-sets",
  entry: "functions/web/norm-sets-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "Admins: norm set drafts to approve, and a new draft",
    summaryVi: "Quản trị: soạn và phê duyệt bộ định mức",
  },
});

export const WebNormSetAction = /* @__PURE__ */ defineRoute({
  id: "WebNormSetAction",
  method: "POST",
  path: "/app/norm-sets",
  entry: "functions/web/post-norm-sets-page.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append" },
  request: { form: true, maxBodyBytes: 262_144 /* 256 KiB */ },
  doc: {
    tag: "Web",
    summary: "Norm set page form post: draft, approve",
    summaryVi: "Gửi biểu mẫu bộ định mức",
    description:
      "application/x-www-form-urlencoded with `_csrf` and `op` (draft: `set` as JSON; approve: `draftId`, `confirm`).",
  },
});

export const NORM_ROUTES = [
  WebNormSets,
  WebNormSetAction,
  PreviewNormCheck,
  ListNormSets,
  DraftNormSet,
  ListNormSetDrafts,
  ApproveNormSetDraft,
];
