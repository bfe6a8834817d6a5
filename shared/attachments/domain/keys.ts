/**
 * Where attachments live in the bucket. A browser uploads into `pending/`; only the confirm
 * step, after checking size, type and hash, writes the file under `files/`. Keys carry ids only
 * (the proposal's, the attachment's): never a file name a person chose, which could name a
 * survivor. The lifecycle rule of the bucket expires `pending/` (infra/constructs/storage.ts).
 */
export const ATTACHMENT_PREFIXES = { pending: "pending/", files: "files/" } as const;

export const pendingKey = (proposalId: string, attachmentId: string): string =>
  `${ATTACHMENT_PREFIXES.pending}${proposalId}/${attachmentId}`;

export const fileKey = (proposalId: string, attachmentId: string): string =>
  `${ATTACHMENT_PREFIXES.files}${proposalId}/${attachmentId}`;
