import type { ScopedActor } from "../../access/policy.ts";
import { NotFoundError, StateConflictError } from "../../kernel/errors.ts";
import { createHash } from "../../kernel/node-crypto.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import {
  type Attachment,
  type AttachmentKind,
  type AttachmentType,
  attachChange,
  checkUploadedBytes,
  checkUploadRequest,
  MAX_ATTACHMENT_BYTES,
  PENDING_UPLOAD_SECONDS,
  UPLOAD_URL_SECONDS,
} from "../domain/attachment.ts";
import { fileKey, pendingKey } from "../domain/keys.ts";
import type { AttachmentFiles, AttachmentStore, PresignedRequest } from "../ports.ts";
import { loadProposal as loadAuthorized } from "./load.ts";

export interface AttachmentPorts {
  proposals: Pick<ProposalStore, "find" | "save">;
  attachments: AttachmentStore;
  files: AttachmentFiles;
}

export interface UploadTicket {
  attachmentId: string;
  upload: PresignedRequest;
  expiresAt: string;
}

const plusSeconds = (at: string, s: number) => new Date(Date.parse(at) + s * 1000).toISOString();
const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * A presigned upload for a document of the proposal.
 * 1. authorize `attachment.add` in the proposal's scope;
 * 2. the domain checks the kind for the role, the state, the type and the size;
 * 3. remember what will be uploaded (expiring), then presign a PUT of exactly that size and
 *    type into `pending/` (the file is not attached until it is confirmed).
 */
export async function requestUpload(
  ports: Omit<AttachmentPorts, "proposals"> & { proposals: Pick<ProposalStore, "find"> },
  actor: ScopedActor,
  tx: TransitionContext,
  proposalId: string,
  req: { kind: string; contentType: string; size: number },
): Promise<UploadTicket> {
  const p = await loadAuthorized(ports.proposals, actor, proposalId, "attachment.add");
  const ok = checkUploadRequest(actor.role, p.status, req);
  const attachmentId = ports.attachments.newId();
  await ports.attachments.putPending(
    { id: attachmentId, proposalId: p.id, ...ok, requestedBy: actor.id, requestedAt: tx.at },
    plusSeconds(tx.at, PENDING_UPLOAD_SECONDS),
  );
  const upload = await ports.files.presignUpload(
    pendingKey(p.id, attachmentId),
    ok,
    UPLOAD_URL_SECONDS,
  );
  return { attachmentId, upload, expiresAt: plusSeconds(tx.at, UPLOAD_URL_SECONDS) };
}

/** Stores checked bytes under files/ and attaches them, with the hash, in one transaction. */
async function attach(
  ports: AttachmentPorts,
  p: Proposal,
  tx: TransitionContext,
  file: { id: string; kind: AttachmentKind; contentType: AttachmentType; bytes: Uint8Array },
): Promise<Attachment> {
  const a: Attachment = {
    id: file.id,
    proposalId: p.id,
    kind: file.kind,
    contentType: file.contentType,
    size: file.bytes.length,
    sha256: sha256Hex(file.bytes),
    sealed: Boolean(p.personal),
    uploadedBy: tx.actor.id,
    uploadedAt: tx.at,
  };
  const change = attachChange(p, a, tx);
  await ports.files.store(fileKey(p.id, a.id), file.bytes, a);
  await ports.proposals.save(p, change, tx, [ports.attachments.stage(a)]);
  return a;
}

/**
 * Confirms an upload: the server reads what was uploaded and attaches it.
 * 1. authorize `attachment.add`; the pending upload must be this proposal's (else 404);
 *    a confirmed one answers as it is (a retried confirm changes nothing);
 * 2. read the bytes from `pending/` (409 while nothing is there);
 * 3. check them: the announced size, the type their first bytes show, at most 10 MiB;
 * 4. SHA-256; write the file under `files/` (S3 checks the hash; a survivor's document with
 *    the personal-data key), then the attachment record and the audit event `attachment.added`
 *    with the hash, in the proposal's transaction.
 */
export async function confirmUpload(
  ports: AttachmentPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  proposalId: string,
  attachmentId: string,
): Promise<Attachment> {
  const p = await loadAuthorized(ports.proposals, actor, proposalId, "attachment.add");
  const done = await ports.attachments.find(p.id, attachmentId);
  if (done) return done;
  const pending = await ports.attachments.findPending(p.id, attachmentId);
  if (!pending) throw new NotFoundError(`no upload ${attachmentId} for this proposal`);
  const ok = checkUploadRequest(actor.role, p.status, pending);
  const bytes = await ports.files.readUpload(
    pendingKey(p.id, attachmentId),
    MAX_ATTACHMENT_BYTES + 1,
  );
  if (!bytes) {
    throw new StateConflictError("nothing has been uploaded for this attachment yet", p.status);
  }
  checkUploadedBytes(ok, bytes);
  return attach(ports, p, tx, { id: attachmentId, ...ok, bytes });
}

/**
 * Attaches a file sent to the server itself (the page's form without JavaScript).
 * 1. authorize `attachment.add`; the domain checks kind, state and limits;
 * 2. the bytes' type must be the one claimed (first bytes);
 * 3. as a confirmed upload.
 */
export async function attachSentFile(
  ports: AttachmentPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  proposalId: string,
  file: { kind: string; contentType: string; bytes: Uint8Array },
): Promise<Attachment> {
  const p = await loadAuthorized(ports.proposals, actor, proposalId, "attachment.add");
  const ok = checkUploadRequest(actor.role, p.status, { ...file, size: file.bytes.length });
  checkUploadedBytes(ok, file.bytes);
  return attach(ports, p, tx, { id: ports.attachments.newId(), ...ok, bytes: file.bytes });
}
