/** Routes of batch proposals: a commune's list, submitted once, decided item by item or at once. */
import { defineRoute } from "../contract/define.ts";
import { idParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import {
  BatchDecisionResult,
  BatchListQuery,
  BatchView,
  CreateBatchInput,
  DecideBatchInput,
} from "./schemas.ts";

const byId = { id: /* @__PURE__ */ lazy(() => idParam(64, "batch id")) };
const LANG_DOC = "vi | en";
const langDoc = { lang: LANG_DOC };

/** Creating members writes drafts as CreateProposal does: the same grants. */
const drafting = {
  data: "readwrite",
  deletes: true,
  audit: "append",
  personalData: "encrypt",
  pseudonym: true,
} as const;
/** Submitting starts the members' workflows. */
const draftingAndStarting = { ...drafting, sfn: ["start"] } as const;
/** The batch page also answers members' review tasks. */
const draftingAndSignalling = { ...drafting, sfn: ["start", "signal"] } as const;

export const CreateBatch = /* @__PURE__ */ defineRoute({
  id: "CreateBatch",
  method: "POST",
  path: "/v1/batches",
  entry: "functions/api/create-batch.ts",
  auth: "jwt",
  action: "proposal.create",
  grants: drafting,
  // 100 members with their items; the batch item keeps what was asked (< 400 KB).
  request: { body: CreateBatchInput, idempotent: true, maxBodyBytes: 262_144 /* 256 KiB */ },
  response: BatchView,
  successStatus: 201,
  problems: ["conflict"],
  timeoutSeconds: 28,
  doc: {
    tag: "Proposals",
    summary: "Create a batch: one draft proposal per member (A1 groups, A3 addresses)",
    summaryVi: "Lập đề xuất theo danh sách",
    description:
      "Every member names a registered beneficiary of the commune (at most once) and its items; 1-100 members. Refused as a whole before anything is written when a member is wrong: the problem names `members.<i>.beneficiaryId`. Each member becomes a proposal of its own (`batchId` set), with its own norm check, decision, payments and history.",
  },
});

export const ListBatches = /* @__PURE__ */ defineRoute({
  id: "ListBatches",
  method: "GET",
  path: "/v1/batches",
  entry: "functions/api/list-batches.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read" },
  request: {
    query: BatchListQuery,
    queryDocs: {
      communeId: "the commune (default: a commune officer's own)",
      limit: "1-100 (default 25)",
      cursor: "from the previous page",
    },
  },
  doc: { tag: "Proposals", summary: "A commune's batches", summaryVi: "Danh sách đề xuất theo lô" },
});

export const GetBatch = /* @__PURE__ */ defineRoute({
  id: "GetBatch",
  method: "GET",
  path: "/v1/batches/{id}",
  entry: "functions/api/get-batch.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read" },
  request: { params: byId },
  response: BatchView,
  timeoutSeconds: 20,
  doc: {
    tag: "Proposals",
    summary:
      "A batch with each member's status (and, for the commune and reviewers, its norm check)",
    summaryVi: "Xem đề xuất theo danh sách",
  },
});

export const SubmitBatch = /* @__PURE__ */ defineRoute({
  id: "SubmitBatch",
  method: "POST",
  path: "/v1/batches/{id}/submit",
  entry: "functions/api/submit-batch.ts",
  auth: "jwt",
  action: "proposal.submit",
  grants: draftingAndStarting,
  request: { params: byId, ifMatch: "optional" },
  successStatus: 202,
  problems: ["stale-version"],
  timeoutSeconds: 28,
  doc: {
    tag: "Proposals",
    summary: "Submit a batch: every member draft goes to review, each with its own workflow",
    summaryVi: "Gửi thẩm định cả danh sách",
    description:
      "Once: a retry submits only what is left. The answer names each member: submitted, already-submitted, or refused with the reason (it stays a draft).",
  },
});

export const DecideBatch = /* @__PURE__ */ defineRoute({
  id: "DecideBatch",
  method: "POST",
  path: "/v1/batches/{id}/decisions",
  entry: "functions/api/decide-batch.ts",
  auth: "jwt",
  action: "task.decide",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: byId, body: DecideBatchInput },
  response: BatchDecisionResult,
  timeoutSeconds: 28,
  doc: {
    tag: "Review",
    summary: "Decide a batch: item by item, or all remaining at once",
    summaryVi: "Quyết định theo danh sách: từng mục hoặc tất cả",
    description:
      "Each member is decided on its own review task (its own transaction, decision event and workflow signal). All at once: members already decided are skipped (repeating the request decides nothing twice), and with approve a member failing its norm check is named (`norm-failed`, with its rules) and left in review. The answer names the outcome of every member.",
  },
});

export const WebBatchList = /* @__PURE__ */ defineRoute({
  id: "WebBatchList",
  method: "GET",
  path: "/app/batches",
  entry: "functions/web/batch-list.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { communeId: "reviewers: the commune", lang: LANG_DOC } },
  doc: {
    tag: "Web",
    summary: "Batches page (HTML): the commune's lists of proposals",
    summaryVi: "Trang đề xuất theo danh sách",
  },
});

export const WebNewBatch = /* @__PURE__ */ defineRoute({
  id: "WebNewBatch",
  method: "GET",
  path: "/app/batches/new",
  entry: "functions/web/new-batch.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { activity: "A1 (default) or A3", lang: LANG_DOC } },
  doc: {
    tag: "Web",
    summary: "New batch form (HTML): the commune's registered groups with checkboxes and amounts",
    summaryVi: "Trang lập danh sách đề xuất",
  },
});

export const WebCreateBatch = /* @__PURE__ */ defineRoute({
  id: "WebCreateBatch",
  method: "POST",
  path: "/app/batches",
  entry: "functions/web/create-batch.ts",
  auth: "none",
  grants: drafting,
  request: { form: true, maxBodyBytes: 131_072 /* 128 KiB */ },
  timeoutSeconds: 28,
  doc: {
    tag: "Web",
    summary: "New batch form post: creates the batch and its member drafts",
    summaryVi: "Gửi biểu mẫu lập danh sách",
    description:
      "Fields: activity, title, period, `pick.<i>` (the registry id of a checked row), `amount.<i>`, `months.<i>` (A1), `code.<i>` (A3), `_csrf`. Field errors come back on the form. Success: 303 to the batch page.",
  },
});

export const WebBatchPage = /* @__PURE__ */ defineRoute({
  id: "WebBatchPage",
  method: "GET",
  path: "/app/batches/{id}",
  entry: "functions/web/batch-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { params: byId, queryDocs: langDoc },
  timeoutSeconds: 20,
  doc: {
    tag: "Web",
    summary:
      "Batch page (HTML): every member with its status and norm check; the commune submits, the reviewer decides item by item or all at once",
    summaryVi: "Trang đề xuất theo danh sách",
  },
});

export const WebBatchAction = /* @__PURE__ */ defineRoute({
  id: "WebBatchAction",
  method: "POST",
  path: "/app/batches/{id}",
  entry: "functions/web/batch-action.ts",
  auth: "none",
  grants: draftingAndSignalling,
  request: { params: byId, form: true, maxBodyBytes: 65_536 /* 64 KiB */ },
  timeoutSeconds: 28,
  doc: {
    tag: "Web",
    summary: "Batch page post: submit (commune); decide item by item or all at once (reviewer)",
    summaryVi: "Gửi biểu mẫu trang danh sách",
    description:
      "`op` = submit | decideItems | decideAll; decideItems: `d.<proposalId>` = approve | return | reject (rows left blank are not decided), `c.<proposalId>` a comment; decideAll: `decision`, `comment`. `_csrf` bound to the session. Success: 303 to the batch page with what was done.",
  },
});

export const BATCH_ROUTES = [
  CreateBatch,
  ListBatches,
  GetBatch,
  SubmitBatch,
  DecideBatch,
  WebBatchList,
  WebNewBatch,
  WebCreateBatch,
  WebBatchPage,
  WebBatchAction,
];
