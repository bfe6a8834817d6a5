import { authorize, can, type ScopedActor } from "../../access/policy.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import type { PersonalReadLog } from "../../privacy/ports.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  ATTACHABLE,
  type Attachment,
  type AttachmentKind,
  DOWNLOAD_URL_SECONDS,
  downloadName,
  kindsFor,
} from "../domain/attachment.ts";
import { fileKey } from "../domain/keys.ts";
import type { PresignedRequest } from "../ports.ts";
import { loadProposal as loadAuthorized, scopeOfProposal as scopeOf } from "./load.ts";
import type { AttachmentPorts } from "./upload.ts";

const plusSeconds = (at: string, s: number) => new Date(Date.parse(at) + s * 1000).toISOString();

/** An attachment as a reader sees it: whether this reader may download it. */
export interface AttachmentEntry extends Attachment {
  mayDownload: boolean;
}

/** Whether the actor may open the file: a survivor's document needs `personal.read`. */
export const mayDownload = (actor: ScopedActor, p: Proposal, a: Pick<Attachment, "sealed">) =>
  can(actor, "proposal.read", scopeOf(p)) && (!a.sealed || can(actor, "personal.read", scopeOf(p)));

/** What the reader may open of a proposal (already authorized) and its attachments. */
export const attachmentEntries = (
  actor: ScopedActor,
  p: Proposal,
  list: readonly Attachment[],
): AttachmentEntry[] => list.map((a) => ({ ...a, mayDownload: mayDownload(actor, p, a) }));

/** The kinds the actor may attach to the proposal now (none: no form). */
export function attachableKinds(actor: ScopedActor, p: Proposal): readonly AttachmentKind[] {
  return can(actor, "attachment.add", scopeOf(p)) && ATTACHABLE.includes(p.status)
    ? kindsFor(actor.role)
    : [];
}

/** The proposal's attachments (`proposal.read`): kinds, sizes, hashes; no file's content. */
export async function listAttachments(
  ports: Pick<AttachmentPorts, "proposals" | "attachments">,
  actor: ScopedActor,
  proposalId: string,
): Promise<{ proposal: Proposal; attachments: AttachmentEntry[] }> {
  const p = await loadAuthorized(ports.proposals, actor, proposalId, "proposal.read");
  const list = await ports.attachments.list(p.id);
  return {
    proposal: p,
    attachments: attachmentEntries(actor, p, list),
  };
}

/**
 * A short-lived download of one attachment.
 * 1. authorize `proposal.read`; the attachment must be the proposal's (else 404);
 * 2. a survivor's document: authorize `personal.read` and record the read in the proposal's
 *    personal-reads chain (no record, no URL);
 * 3. presign a GET of the file, valid 5 minutes, named by reference and kind.
 */
export async function downloadAttachment(
  ports: Pick<AttachmentPorts, "proposals" | "attachments" | "files"> & {
    personalReads: PersonalReadLog;
  },
  actor: ScopedActor,
  tx: TransitionContext,
  proposalId: string,
  attachmentId: string,
): Promise<{ attachment: Attachment; download: PresignedRequest; expiresAt: string }> {
  const p = await loadAuthorized(ports.proposals, actor, proposalId, "proposal.read");
  const a = await ports.attachments.find(p.id, attachmentId);
  if (!a) throw new NotFoundError(`attachment ${attachmentId} does not exist`);
  if (a.sealed) {
    authorize(actor, "personal.read", scopeOf(p));
    await ports.personalReads.record(p, tx, { attachmentId: a.id });
  }
  const download = await ports.files.presignDownload(
    fileKey(p.id, a.id),
    { contentType: a.contentType, filename: downloadName(p.reference, a) },
    DOWNLOAD_URL_SECONDS,
  );
  return { attachment: a, download, expiresAt: plusSeconds(tx.at, DOWNLOAD_URL_SECONDS) };
}
