/** Routes of the attachments capability: presigned uploads, confirmation, lists, downloads. */
import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { ProposalIdParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import { MAX_ATTACHMENT_BYTES, SENT_FILE_MAX_BYTES } from "./domain/attachment.ts";
import {
  AttachmentDownloadView,
  AttachmentList,
  AttachmentView,
  UploadRequestInput,
  UploadTicketView,
} from "./schemas.ts";

export const AttachmentIdParam = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.string().check(
      z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
        error: "an attachment id (UUID)",
      }),
    ),
  ),
  { description: "attachment id" },
);

const byId = { id: ProposalIdParam };

/** Computed values are declared here, outside the routes (see defineRoute in define.ts). */
const UPLOAD_DESCRIPTION = `PUT the file to \`upload.url\` with \`upload.headers\` within 15 minutes, then confirm. Kinds by role: the commune attaches signed_proposal, selection_minutes, photo, other; finance payment_voucher, other (another kind is a 400 naming \`kind\`). PDF, JPEG or PNG, at most ${MAX_ATTACHMENT_BYTES} bytes. Not for closed, rejected or cancelled proposals (409). An upload never confirmed expires after two days.`;
const ACTION_FORM_MAX_BYTES = SENT_FILE_MAX_BYTES + 64 * 1024;
const byAttachment = { id: ProposalIdParam, attachmentId: AttachmentIdParam };

export { SENT_FILE_MAX_BYTES };

export const CreateAttachmentUpload = /* @__PURE__ */ defineRoute({
  id: "CreateAttachmentUpload",
  method: "POST",
  path: "/v1/proposals/{id}/attachments",
  entry: "functions/api/create-attachment-upload.ts",
  auth: "jwt",
  action: "attachment.add",
  grants: { data: "readwrite", attachments: ["upload"] },
  request: { params: byId, body: UploadRequestInput },
  response: UploadTicketView,
  successStatus: 201,
  problems: ["wrong-state"],
  doc: {
    tag: "Proposals",
    summary: "Start an upload: a presigned PUT of exactly this size and type",
    summaryVi: "Bắt đầu tải tệp đính kèm",
    description: UPLOAD_DESCRIPTION,
  },
});

export const ConfirmAttachment = /* @__PURE__ */ defineRoute({
  id: "ConfirmAttachment",
  method: "POST",
  path: "/v1/proposals/{id}/attachments/{attachmentId}/confirm",
  entry: "functions/api/confirm-attachment.ts",
  auth: "jwt",
  action: "attachment.add",
  // personalData: a survivor's document is stored encrypted with the personal-data key.
  grants: {
    data: "readwrite",
    audit: "append",
    attachments: ["store"],
    personalData: "encrypt",
  },
  request: { params: byAttachment },
  response: AttachmentView,
  successStatus: 201,
  problems: ["wrong-state", "stale-version"],
  timeoutSeconds: 30,
  doc: {
    tag: "Proposals",
    summary: "Confirm an upload: size, type (first bytes) and SHA-256 checked, then attached",
    summaryVi: "Xác nhận tệp đính kèm",
    description:
      "The server reads the uploaded bytes: a size other than announced, or bytes that are not a PDF, JPEG or PNG of the announced type, are a 400 naming `file`; nothing uploaded yet is a 409. The attachment and the audit event `attachment.added` with the SHA-256 are written in one transaction. Confirming again answers the same attachment.",
  },
});

export const ListAttachments = /* @__PURE__ */ defineRoute({
  id: "ListAttachments",
  method: "GET",
  path: "/v1/proposals/{id}/attachments",
  entry: "functions/api/list-attachments.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: { data: "read" },
  request: { params: byId },
  response: AttachmentList,
  doc: {
    tag: "Proposals",
    summary: "The proposal's attachments (kind, type, size, SHA-256; no content)",
    summaryVi: "Danh sách tệp đính kèm",
  },
});

export const GetAttachment = /* @__PURE__ */ defineRoute({
  id: "GetAttachment",
  method: "GET",
  path: "/v1/proposals/{id}/attachments/{attachmentId}",
  entry: "functions/api/get-attachment.ts",
  auth: "jwt",
  action: "proposal.read",
  grants: {
    data: "read",
    personalReads: true,
    audit: "append",
    personalData: "decrypt",
    attachments: ["read"],
  },
  request: { params: byAttachment },
  response: AttachmentDownloadView,
  doc: {
    tag: "Proposals",
    summary: "One attachment with a presigned download URL (5 minutes)",
    summaryVi: "Tải tệp đính kèm",
    description:
      "A survivor's document (A3/A4: `sealed`) only for roles that may read personal data, each download recorded in the proposal's personal-reads chain; others get 403.",
  },
});

export const WebAttachmentAction = /* @__PURE__ */ defineRoute({
  id: "WebAttachmentAction",
  method: "POST",
  path: "/app/proposals/{id}/attachments",
  entry: "functions/web/attachment-action.ts",
  auth: "none",
  grants: {
    data: "readwrite",
    audit: "append",
    attachments: ["upload", "store"],
    personalData: "encrypt",
  },
  request: { params: byId, form: true, maxBodyBytes: ACTION_FORM_MAX_BYTES },
  timeoutSeconds: 30,
  doc: {
    tag: "Web",
    summary:
      "Attachment form: the file itself (no script), or a presigned upload and its confirmation",
    summaryVi: "Biểu mẫu đính kèm tệp",
    description:
      "multipart/form-data with `_csrf`, `kind`, `file` (at most 4 MiB): stored, checked and attached, then 303 back. With the page's script: `op=presign` (`kind`, `contentType`, `size`) answers JSON with the presigned PUT; `op=confirm` (`attachmentId`) attaches it and answers 303.",
  },
});

export const WebAttachmentDownload = /* @__PURE__ */ defineRoute({
  id: "WebAttachmentDownload",
  method: "GET",
  path: "/app/proposals/{id}/attachments/{attachmentId}",
  entry: "functions/web/attachment-download.ts",
  auth: "none",
  grants: {
    data: "read",
    personalReads: true,
    audit: "append",
    personalData: "decrypt",
    attachments: ["read"],
  },
  request: { params: byAttachment },
  doc: {
    tag: "Web",
    summary: "Opens an attachment: 303 to a presigned download valid 5 minutes",
    summaryVi: "Mở tệp đính kèm",
    description:
      "A survivor's document only for roles that may read personal data (each read recorded); others get a refusal page.",
  },
});

export const ATTACHMENT_ROUTES = [
  CreateAttachmentUpload,
  ConfirmAttachment,
  ListAttachments,
  GetAttachment,
  WebAttachmentAction,
  WebAttachmentDownload,
];
