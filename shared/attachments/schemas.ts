import * as z from "zod/mini";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import { ATTACHMENT_KINDS, ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "./domain/attachment.ts";

export const AttachmentKind = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.enum(ATTACHMENT_KINDS)),
  {
    description:
      "signed_proposal (the signed proposal), selection_minutes (biên bản bình xét), photo, payment_voucher (finance), other",
  },
);
export const AttachmentType = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.enum(ATTACHMENT_TYPES)),
  {
    description: "the file's type; checked against its first bytes when the upload is confirmed",
  },
);

export const UploadRequestInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      kind: AttachmentKind,
      contentType: AttachmentType,
      size: meta(
        z.number({ error: "must be a number of bytes" }).check(
          z.int({ error: "must be a whole number of bytes" }),
          z.minimum(1, { error: "must be at least 1 byte" }),
          z.maximum(MAX_ATTACHMENT_BYTES, {
            error: `must be at most ${MAX_ATTACHMENT_BYTES} bytes`,
          }),
        ),
        { description: "exact size of the file in bytes (signed into the upload URL)" },
      ),
    }),
  ),
  { id: "AttachmentUploadRequest" },
);

const Presigned = /* @__PURE__ */ lazy(() =>
  z.object({
    url: meta(z.string(), {
      description: "presigned URL, valid for minutes; never log it or put it in an email",
    }),
    method: z.enum(["PUT", "GET"]),
    headers: z.record(z.string(), z.string()),
  }),
);

export const UploadTicketView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      attachmentId: z.string(),
      upload: Presigned,
      expiresAt: z.string(),
      confirmPath: z.string(),
    }),
  ),
  { id: "AttachmentUploadTicket" },
);

export const AttachmentView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      id: z.string(),
      proposalId: z.string(),
      kind: AttachmentKind,
      contentType: AttachmentType,
      size: z.number(),
      sha256: meta(z.string(), {
        description: "SHA-256 of the file, hex (also in the audit event)",
      }),
      sealed: meta(z.boolean(), {
        description:
          "a survivor's document: encrypted with the personal-data key, downloaded only with personal.read",
      }),
      uploadedBy: z.string(),
      uploadedAt: z.string(),
      mayDownload: z.optional(z.boolean()),
    }),
  ),
  { id: "Attachment" },
);

export const AttachmentList = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({ proposalId: z.string(), attachments: z.array(AttachmentView) }),
  ),
  { id: "AttachmentList" },
);

export const AttachmentDownloadView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({ attachment: AttachmentView, download: Presigned, expiresAt: z.string() }),
  ),
  { id: "AttachmentDownload" },
);
