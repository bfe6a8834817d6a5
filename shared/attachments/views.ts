import type { Attachment } from "./domain/attachment.ts";

/** An attachment in API answers (the record as stored, plus whether this reader may open it). */
export const attachmentView = (a: Attachment & { mayDownload?: boolean }) => ({
  id: a.id,
  proposalId: a.proposalId,
  kind: a.kind,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256,
  sealed: a.sealed,
  uploadedBy: a.uploadedBy,
  uploadedAt: a.uploadedAt,
  ...(a.mayDownload !== undefined ? { mayDownload: a.mayDownload } : {}),
});
