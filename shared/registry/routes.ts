/**
 * Routes of the registry capability: beneficiaries with system-issued ids (commune officers
 * register and keep them; the province reviews duplicates, merges, moves and imports), savings
 * groups' members and figures, the A1 indicators, and the pages of the same.
 */
import { defineRoute } from "../contract/define.ts";
import { idParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import {
  CreateBeneficiaryInput,
  DismissInput,
  DuplicatesQuery,
  FiguresInput,
  GetBeneficiaryQuery,
  ImportQuery,
  IndicatorsQuery,
  ListBeneficiariesQuery,
  MemberInput,
  MergeInput,
  MoveBeneficiaryInput,
  UpdateBeneficiaryInput,
  UpdateMemberInput,
} from "./schemas.ts";

export const RegistryIdParam = /* @__PURE__ */ lazy(() =>
  idParam(16, "registry id (BN- and 10 characters)"),
);
const MemberIdParam = /* @__PURE__ */ lazy(() =>
  idParam(8, "member id within the group (M001, ...)"),
);
const byId = { id: RegistryIdParam };

/**
 * Largest spreadsheet accepted (bytes of the file as sent). 2,000 rows of the layout are about
 * 300 kB as CSV and less as XLSX; the limit leaves room and stays far below what one Lambda
 * invocation takes (6 MB, of which API Gateway's base64 of a binary body uses a third).
 * docs/registry-import.md states the same figure.
 */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** A multipart form adds its boundaries and headers around the file. */
const IMPORT_FORM_MAX_BYTES = IMPORT_MAX_BYTES + 16 * 1024;

const tag = "Registry" as const;

export const CreateBeneficiary = /* @__PURE__ */ defineRoute({
  id: "CreateBeneficiary",
  method: "POST",
  path: "/v1/registry/beneficiaries",
  entry: "functions/api/registry-create.ts",
  auth: "jwt",
  action: "registry.edit",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt", pseudonym: true },
  request: { body: CreateBeneficiaryInput, idempotent: true, maxBodyBytes: 32_768 /* 32 KiB */ },
  successStatus: 201,
  problems: ["conflict"],
  doc: {
    tag,
    summary:
      "Register a beneficiary (savings group, livelihood group, THT, HTX, trusted address, survivor case)",
    summaryVi: "Đăng ký đối tượng (Tổ TKVVTB, tổ nhóm sinh kế, THT, HTX, ĐCTC, hồ sơ nạn nhân)",
    description:
      "The system issues the id. An entry of the same commune and kind whose name is the same after Vietnamese normalization (case, diacritics, đ/Đ, spacing, punctuation) is a likely duplicate: 409 lists them (`duplicates`); resend with `duplicatesReviewed` naming them to register a distinct one, which the province then reviews.",
  },
});

export const ListBeneficiaries = /* @__PURE__ */ defineRoute({
  id: "ListBeneficiaries",
  method: "GET",
  path: "/v1/registry/beneficiaries",
  entry: "functions/api/registry-list.ts",
  auth: "jwt",
  action: "registry.read",
  grants: { data: "read" },
  request: {
    query: ListBeneficiariesQuery,
    queryDocs: {
      communeId: "commune (reviewing units: one they review; province roles: one of the province)",
      kind: "one kind; province roles without communeId list the province by kind",
      limit: "1-100",
      cursor: "from the previous page",
    },
  },
  doc: {
    tag,
    summary: "List registered beneficiaries in your scope",
    summaryVi: "Danh sách đối tượng",
  },
});

export const GetBeneficiary = /* @__PURE__ */ defineRoute({
  id: "GetBeneficiary",
  method: "GET",
  path: "/v1/registry/beneficiaries/{id}",
  entry: "functions/api/registry-get.ts",
  auth: "jwt",
  action: "registry.read",
  grants: { data: "readwrite", audit: "append", personalData: "decrypt" },
  request: {
    params: byId,
    query: GetBeneficiaryQuery,
    queryDocs: {
      include:
        "'personal' to unseal a survivor case's data or a trusted address's host (allowed roles only; audited); 'history' for the audit history of the entry and of the entries merged into it, each chain verified",
    },
  },
  doc: {
    tag,
    summary: "Get a registered beneficiary (a savings group with its members and figures)",
    summaryVi: "Xem đối tượng",
    description:
      "A savings group comes with its members — names only for the commune that keeps them — and its figures. One route rather than three: the app stack is near CloudFormation's 500 resources.",
  },
});

export const UpdateBeneficiary = /* @__PURE__ */ defineRoute({
  id: "UpdateBeneficiary",
  method: "PUT",
  path: "/v1/registry/beneficiaries/{id}",
  entry: "functions/api/registry-update.ts",
  auth: "jwt",
  action: "registry.edit",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt", pseudonym: true },
  request: {
    params: byId,
    body: UpdateBeneficiaryInput,
    ifMatch: "required",
    maxBodyBytes: 32_768 /* 32 KiB */,
  },
  problems: ["wrong-state", "stale-version", "precondition-required", "conflict"],
  doc: {
    tag,
    summary: "Edit a registered beneficiary (the kind never changes)",
    summaryVi: "Sửa thông tin đối tượng",
    description:
      "If-Match: the version you read. Personal data left out keeps what is sealed. Every change is an audit event naming the fields changed (values only for fields that are not personal data).",
  },
});

export const MoveBeneficiary = /* @__PURE__ */ defineRoute({
  id: "MoveBeneficiary",
  method: "POST",
  path: "/v1/registry/beneficiaries/{id}/move",
  entry: "functions/api/registry-move.ts",
  auth: "jwt",
  action: "registry.move",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId, body: MoveBeneficiaryInput },
  problems: ["wrong-state", "stale-version"],
  doc: {
    tag,
    summary: "Move an entry to another commune (units merged or re-mapped), with its history",
    summaryVi: "Chuyển đối tượng sang xã khác",
  },
});

export const AddMember = /* @__PURE__ */ defineRoute({
  id: "AddMember",
  method: "POST",
  path: "/v1/registry/beneficiaries/{id}/members",
  entry: "functions/api/registry-add-member.ts",
  auth: "jwt",
  action: "registry.edit",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId, body: MemberInput, ifMatch: "optional", idempotent: true },
  successStatus: 201,
  problems: ["wrong-state", "stale-version"],
  doc: {
    tag,
    summary: "Add a member to a savings group (no ID numbers)",
    summaryVi: "Thêm thành viên Tổ TKVVTB",
  },
});

export const UpdateMember = /* @__PURE__ */ defineRoute({
  id: "UpdateMember",
  method: "PUT",
  path: "/v1/registry/beneficiaries/{id}/members/{memberId}",
  entry: "functions/api/registry-update-member.ts",
  auth: "jwt",
  action: "registry.edit",
  grants: { data: "readwrite", audit: "append" },
  request: {
    params: { id: RegistryIdParam, memberId: MemberIdParam },
    body: UpdateMemberInput,
    ifMatch: "required",
  },
  problems: ["wrong-state", "stale-version", "precondition-required"],
  doc: {
    tag,
    summary:
      "Edit a member: introductions to formal finance, livelihood support; corrections need a reason",
    summaryVi: "Sửa thành viên (giới thiệu định chế tài chính, hỗ trợ sinh kế)",
    description:
      "If-Match: the member's version. Taking back or changing a recorded introduction or support is a correction: send `correctionReason`; the audit event lists what was taken back.",
  },
});

export const RecordGroupFigures = /* @__PURE__ */ defineRoute({
  id: "RecordGroupFigures",
  method: "POST",
  path: "/v1/registry/beneficiaries/{id}/figures",
  entry: "functions/api/registry-figures.ts",
  auth: "jwt",
  action: "registry.edit",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId, body: FiguresInput, idempotent: true },
  successStatus: 201,
  problems: ["wrong-state", "stale-version"],
  doc: {
    tag,
    summary: "Record a savings group's figures of a meeting or a month (corrections explicit)",
    summaryVi: "Ghi số liệu của tổ (số dư tiết kiệm, dư nợ, số thành viên dự họp)",
    description:
      "A period already recorded answers 409; send `correction: {reason}` to correct it: the figures count their corrections and the audit event keeps the values before and after.",
  },
});

export const ListDuplicates = /* @__PURE__ */ defineRoute({
  id: "ListDuplicates",
  method: "GET",
  path: "/v1/registry/duplicates",
  entry: "functions/api/registry-duplicates.ts",
  auth: "jwt",
  action: "registry.merge",
  grants: { data: "read" },
  request: { query: DuplicatesQuery, queryDocs: { provinceId: "your province (default)" } },
  doc: {
    tag,
    summary: "Entries registered despite a duplicate warning, for the province's review",
    summaryVi: "Danh sách nghi trùng chờ tỉnh rà soát",
  },
});

export const DismissDuplicate = /* @__PURE__ */ defineRoute({
  id: "DismissDuplicate",
  method: "POST",
  path: "/v1/registry/duplicates/{id}/dismiss",
  entry: "functions/api/registry-dismiss.ts",
  auth: "jwt",
  action: "registry.merge",
  // deletes: the duplicate flag leaves the review queue.
  grants: { data: "readwrite", deletes: true, audit: "append" },
  request: { params: byId, body: DismissInput },
  problems: ["wrong-state", "stale-version"],
  doc: {
    tag,
    summary: "Not a duplicate: clear the flag (audited on the entry)",
    summaryVi: "Xác nhận không trùng",
  },
});

export const MergeBeneficiaries = /* @__PURE__ */ defineRoute({
  id: "MergeBeneficiaries",
  method: "POST",
  path: "/v1/registry/merges",
  entry: "functions/api/registry-merge.ts",
  auth: "jwt",
  action: "registry.merge",
  // deletes: the removed entry's proposal references and its duplicate flags.
  grants: { data: "readwrite", deletes: true, audit: "append" },
  // Not Idempotency-Key: a merge is several transactions and is idempotent by itself (a retry
  // resumes where it stopped, a finished merge answers with what it did).
  request: { body: MergeInput },
  problems: ["wrong-state", "conflict"],
  timeoutSeconds: 30,
  doc: {
    tag,
    summary:
      "Merge a duplicate into the entry kept: proposals, cap usage, members and history move",
    summaryVi: "Gộp đối tượng trùng",
    description:
      "One transaction moves the proposals and the cap usage (the sums add up: a merge never opens room under a cap); then members and figures are copied. A retry resumes. At most 15 proposals and 12 usage rows per merge (409 above, nothing changed).",
  },
});

export const ImportRegistry = /* @__PURE__ */ defineRoute({
  id: "ImportRegistry",
  method: "POST",
  path: "/v1/registry/imports",
  entry: "functions/api/registry-import.ts",
  auth: "jwt",
  action: "registry.import",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt" },
  request: {
    query: ImportQuery,
    queryDocs: {
      layout: "beneficiaries (default) or members",
      dryRun: "true (default): check only; false: import when no row has a problem",
    },
    maxBodyBytes: IMPORT_MAX_BYTES,
  },
  problems: ["unsupported-media-type", "payload-too-large"],
  timeoutSeconds: 60,
  doc: {
    tag,
    summary: "Import a spreadsheet (XLSX or CSV): a dry run lists every problem by row and column",
    summaryVi: "Nhập danh sách từ bảng tính (XLSX, CSV)",
    description:
      "Body: the file itself, Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, at most 2 MiB and 2,000 rows (docs/registry-import.md, templates in docs/). An import with any problem imports nothing; re-posting the same file resumes an interrupted import.",
  },
});

export const GetA1Indicators = /* @__PURE__ */ defineRoute({
  id: "GetA1Indicators",
  method: "GET",
  path: "/v1/registry/indicators/a1",
  entry: "functions/api/registry-indicators.ts",
  auth: "jwt",
  action: "registry.read",
  grants: { data: "read" },
  request: {
    query: IndicatorsQuery,
    queryDocs: {
      communeId: "a commune, or",
      provinceId: "a province (default: yours)",
      from: "first day of the period, YYYY-MM-DD (default 2021-01-01)",
      to: "last day of the period, YYYY-MM-DD (default 2025-12-31)",
    },
  },
  doc: {
    tag,
    summary:
      "A1 indicators: members introduced to formal finance, supported in livelihoods, groups applying GALS",
    summaryVi: "Chỉ tiêu hoạt động 1 (Tổ TKVVTB)",
    description: "Definitions: docs/indicators.md.",
  },
});

// Pages: public at the gateway, they verify the p8_token cookie themselves.

export const WebRegistry = /* @__PURE__ */ defineRoute({
  id: "WebRegistry",
  method: "GET",
  path: "/app/registry",
  entry: "functions/web/registry-list.ts",
  auth: "none",
  grants: { data: "read" },
  doc: {
    tag: "Web",
    summary:
      "Registry page (HTML): a commune's entries by kind, and the registration form; `?view=import`: the spreadsheet import page (upload form, layouts, `&template=&format=` the template files)",
    summaryVi: "Trang sổ đăng ký đối tượng",
  },
});

export const WebRegistryCreate = /* @__PURE__ */ defineRoute({
  id: "WebRegistryCreate",
  method: "POST",
  path: "/app/registry",
  entry: "functions/web/registry-create.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt", pseudonym: true },
  request: { form: true },
  doc: {
    tag: "Web",
    summary: "Registration form post (HTML); a likely duplicate re-renders with the warning",
    summaryVi: "Gửi biểu mẫu đăng ký đối tượng",
  },
});

export const WebRegistryEntry = /* @__PURE__ */ defineRoute({
  id: "WebRegistryEntry",
  method: "GET",
  path: "/app/registry/{id}",
  entry: "functions/web/registry-entry.ts",
  auth: "none",
  // audit read: the page shows the entry's recent history.
  grants: { data: "read", audit: "read" },
  request: { params: byId },
  doc: {
    tag: "Web",
    summary: "An entry's page (HTML): details, edit form, members, figures, history",
    summaryVi: "Trang đối tượng",
  },
});

export const WebRegistryEntryAction = /* @__PURE__ */ defineRoute({
  id: "WebRegistryEntryAction",
  method: "POST",
  path: "/app/registry/{id}",
  entry: "functions/web/registry-entry-action.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt", pseudonym: true },
  request: { params: byId, form: true },
  doc: {
    tag: "Web",
    summary: "Entry page form posts: edit, add or edit a member, record figures",
    summaryVi: "Gửi biểu mẫu trang đối tượng",
  },
});

export const WebRegistryDuplicates = /* @__PURE__ */ defineRoute({
  id: "WebRegistryDuplicates",
  method: "GET",
  path: "/app/registry/duplicates",
  entry: "functions/web/registry-duplicates.ts",
  auth: "none",
  grants: { data: "read" },
  doc: {
    tag: "Web",
    summary: "The province's duplicate review (HTML)",
    summaryVi: "Trang rà soát đối tượng nghi trùng",
  },
});

export const WebRegistryDuplicatesAction = /* @__PURE__ */ defineRoute({
  id: "WebRegistryDuplicatesAction",
  method: "POST",
  path: "/app/registry/duplicates",
  entry: "functions/web/registry-duplicates-action.ts",
  auth: "none",
  // deletes: as MergeBeneficiaries and DismissDuplicate.
  grants: { data: "readwrite", deletes: true, audit: "append" },
  request: { form: true },
  timeoutSeconds: 30,
  doc: {
    tag: "Web",
    summary: "Duplicate review form posts: merge, not a duplicate",
    summaryVi: "Gộp hoặc xác nhận không trùng",
  },
});

export const WebRegistryImportUpload = /* @__PURE__ */ defineRoute({
  id: "WebRegistryImportUpload",
  method: "POST",
  path: "/app/registry/import",
  entry: "functions/web/registry-import-upload.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append", personalData: "encrypt" },
  request: { form: true, maxBodyBytes: IMPORT_FORM_MAX_BYTES },
  timeoutSeconds: 60,
  doc: {
    tag: "Web",
    summary: "Import upload (multipart/form-data): check or import, problems by row and column",
    summaryVi: "Tải tệp lên: kiểm tra hoặc nhập",
    description: "The file part at most 2 MiB; the form adds at most 16 KiB.",
  },
});

export const REGISTRY_ROUTES = [
  CreateBeneficiary,
  ListBeneficiaries,
  GetBeneficiary,
  UpdateBeneficiary,
  MoveBeneficiary,
  AddMember,
  UpdateMember,
  RecordGroupFigures,
  ListDuplicates,
  DismissDuplicate,
  MergeBeneficiaries,
  ImportRegistry,
  GetA1Indicators,
  WebRegistry,
  WebRegistryCreate,
  WebRegistryEntry,
  WebRegistryEntryAction,
  WebRegistryDuplicates,
  WebRegistryDuplicatesAction,
  WebRegistryImportUpload,
];
