/** Routes of the budget-norm capability: the dry run, the norm sets, their publication. */
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import { normSetDraftSchema } from "./domain/index.ts";
import { NormCheckResultView, NormSetListView } from "./schemas.ts";

export const PreviewNormCheck = defineRoute({
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

export const ListNormSets = defineRoute({
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

export const PublishNormSet = defineRoute({
  id: "PublishNormSet",
  method: "POST",
  path: "/v1/norm-sets",
  entry: "functions/api/publish-norm-set.ts",
  auth: "jwt",
  action: "norms.publish",
  grants: { data: "readwrite", audit: "append" },
  // The publication use case validates the draft itself (it explains a narrowing violation
  // item by item); the contract documents the shape and the edge only checks it is JSON.
  request: { body: normSetDraftSchema, maxBodyBytes: 256 * 1024 },
  successStatus: 201,
  problems: ["conflict"],
  doc: {
    tag: "Norms",
    summary: "Publish a norm set version (admin)",
    summaryVi: "Ban hành bộ định mức",
    description:
      "Validated and versioned; never retroactive (effectiveFrom must be after today, Asia/Ho_Chi_Minh); a province set may only narrow national caps. Recorded in the audit trail (stream NS#<setId>).",
  },
});

export const NORM_ROUTES = [PreviewNormCheck, ListNormSets, PublishNormSet];
