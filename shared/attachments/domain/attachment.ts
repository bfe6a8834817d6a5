/**
 * Documents attached to a proposal: what may be attached, by whom, in which states, and how
 * an uploaded file is checked (its size and its first bytes, not the name or the type the
 * browser claimed). Pure: no I/O.
 */
import { ForbiddenError, StateConflictError, ValidationError } from "../../kernel/errors.ts";
import type { ProposalStatus, Role } from "../../kernel/types.ts";
import type { Change } from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import { bump, requireTransition, TRANSITIONS } from "../../proposals/domain/transitions.ts";

export const ATTACHMENT_KINDS = [
  "signed_proposal",
  "selection_minutes",
  "photo",
  "payment_voucher",
  "other",
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Largest file: 10 MiB (a scanned signed proposal; photos are resized in the browser first). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The page's form without JavaScript sends the file itself: at most 4 MiB (Lambda's 6 MB payload, base64). */
export const SENT_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** How long a presigned upload or download URL is valid. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;
/** How long an upload may wait for its confirmation (the bucket's rule expires it after). */
export const PENDING_UPLOAD_SECONDS = 24 * 60 * 60;

export const EXTENSIONS: Readonly<Record<AttachmentType, string>> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

/** Which kinds each role attaches: the commune its documents and photos, finance the voucher. */
const KINDS_BY_ROLE: Partial<Record<Role, readonly AttachmentKind[]>> = {
  commune_officer: ["signed_proposal", "selection_minutes", "photo", "other"],
  finance_officer: ["payment_voucher", "other"],
};

/** States in which a proposal takes attachments: not once it is closed, rejected or cancelled. */
export const ATTACHABLE: readonly ProposalStatus[] = TRANSITIONS.attach.from;

export const kindsFor = (role: Role): readonly AttachmentKind[] => KINDS_BY_ROLE[role] ?? [];

/** A file stored with a proposal (DataTable `P#<id>` / `A#<attachmentId>`). */
export interface Attachment {
  id: string;
  proposalId: string;
  kind: AttachmentKind;
  contentType: AttachmentType;
  size: number;
  /** SHA-256 of the bytes, hex: also in the audit event `attachment.added`. */
  sha256: string;
  /**
   * A survivor's document (the proposal holds sealed personal data): stored encrypted with the
   * personal-data key, downloaded only by roles that may read personal data, each read logged.
   */
  sealed: boolean;
  uploadedBy: string;
  uploadedAt: string;
}

/** What a browser said it will upload (DataTable `P#<id>` / `AU#<attachmentId>`, expiring). */
export interface PendingUpload {
  id: string;
  proposalId: string;
  kind: AttachmentKind;
  contentType: AttachmentType;
  size: number;
  requestedBy: string;
  requestedAt: string;
}

export interface UploadRequest {
  kind: AttachmentKind;
  contentType: AttachmentType;
  size: number;
}

/** Refuses an upload the actor may not make here, or a file the limits refuse. */
export function checkUploadRequest(
  role: Role,
  status: ProposalStatus,
  req: { kind: string; contentType: string; size: number },
): UploadRequest {
  const kinds = kindsFor(role);
  if (kinds.length === 0) throw new ForbiddenError(`role ${role} may not attach documents`);
  if (!ATTACHABLE.includes(status)) {
    throw new StateConflictError(
      `cannot attach a document to a proposal in state ${status} (allowed in: ${ATTACHABLE.join(", ")})`,
      status,
    );
  }
  const errors: { field: string; message: string }[] = [];
  if (!kinds.includes(req.kind as AttachmentKind)) {
    errors.push({ field: "kind", message: `this role attaches only: ${kinds.join(", ")}` });
  }
  if (!ATTACHMENT_TYPES.includes(req.contentType as AttachmentType)) {
    errors.push({
      field: "contentType",
      message: `must be one of ${ATTACHMENT_TYPES.join(", ")}`,
    });
  }
  if (!Number.isInteger(req.size) || req.size < 1 || req.size > MAX_ATTACHMENT_BYTES) {
    errors.push({ field: "size", message: `must be 1 to ${MAX_ATTACHMENT_BYTES} bytes` });
  }
  if (errors.length > 0) throw new ValidationError("the attachment is refused", errors);
  return {
    kind: req.kind as AttachmentKind,
    contentType: req.contentType as AttachmentType,
    size: req.size,
  };
}

/** The type a file's first bytes show (magic numbers), or undefined for anything else. */
export function sniffType(bytes: Uint8Array): AttachmentType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  return undefined;
}

/** Refuses uploaded bytes that are not what was announced (size) or not an allowed type. */
export function checkUploadedBytes(
  announced: { contentType: AttachmentType; size?: number },
  bytes: Uint8Array,
): void {
  if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new ValidationError("the uploaded file is refused", [
      { field: "file", message: `must be 1 to ${MAX_ATTACHMENT_BYTES} bytes` },
    ]);
  }
  if (announced.size !== undefined && bytes.length !== announced.size) {
    throw new ValidationError("the uploaded file is refused", [
      {
        field: "file",
        message: `has ${bytes.length} bytes where ${announced.size} were announced`,
      },
    ]);
  }
  const seen = sniffType(bytes);
  if (seen !== announced.contentType) {
    throw new ValidationError("the uploaded file is refused", [
      {
        field: "file",
        message: seen
          ? `is a ${seen} file, not ${announced.contentType}`
          : `is not a PDF, JPEG or PNG file (${ATTACHMENT_TYPES.join(", ")})`,
      },
    ]);
  }
}

/**
 * The name a download gets: the proposal's reference, the kind and a short id. Never the name
 * the uploader's file had (it could name a survivor).
 */
export function downloadName(
  reference: string,
  a: Pick<Attachment, "id" | "kind" | "contentType">,
) {
  const safe = reference.replace(/[^A-Za-z0-9-]/g, "");
  return `${safe}-${a.kind.replace(/_/g, "-")}-${a.id.slice(0, 8)}.${EXTENSIONS[a.contentType]}`;
}

/** The proposal's change for a checked file: its count, and the audit event with the hash. */
export function attachChange(p: Proposal, a: Attachment, ctx: TransitionContext): Change {
  requireTransition(p, "attach", "attach a document to");
  return {
    next: bump(p, ctx, { attachmentCount: (p.attachmentCount ?? 0) + 1 }),
    event: {
      type: "attachment.added",
      from: p.status,
      to: p.status,
      data: {
        attachmentId: a.id,
        kind: a.kind,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
        sealed: a.sealed,
      },
    },
  };
}
