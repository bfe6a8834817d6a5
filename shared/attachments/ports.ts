/** What the attachments capability needs: its records (DynamoDB) and the files (S3). */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { Attachment, AttachmentType, PendingUpload } from "./domain/attachment.ts";

export interface AttachmentStore {
  newId(): string;
  /** Remembers what a browser will upload, until `expiresAt` (TTL). */
  putPending(upload: PendingUpload, expiresAt: string): Promise<void>;
  findPending(proposalId: string, attachmentId: string): Promise<PendingUpload | undefined>;
  /** The attachment's record, for the proposal's own transaction (refused if it exists). */
  stage(a: Attachment): PendingWrite;
  find(proposalId: string, attachmentId: string): Promise<Attachment | undefined>;
  /** A proposal's attachments, oldest first. */
  list(proposalId: string): Promise<Attachment[]>;
}

/** A URL the browser uses as it is, with the headers it must send (signed into the URL). */
export interface PresignedRequest {
  url: string;
  method: "PUT" | "GET";
  headers: Record<string, string>;
}

export interface AttachmentFiles {
  /** A PUT of exactly `size` bytes of `contentType` into `key`, valid `seconds`. */
  presignUpload(
    key: string,
    file: { contentType: AttachmentType; size: number },
    seconds: number,
  ): Promise<PresignedRequest>;
  /** The bytes uploaded at `key` (at most `maxBytes` read), or undefined when none are there. */
  readUpload(key: string, maxBytes: number): Promise<Uint8Array | undefined>;
  /**
   * Writes a checked file; S3 verifies it against `sha256`. `sealed`: encrypted with the
   * personal-data key instead of the bucket's key (a survivor's document).
   */
  store(
    key: string,
    bytes: Uint8Array,
    file: { contentType: AttachmentType; sha256: string; sealed: boolean },
  ): Promise<void>;
  /** A GET of `key` valid `seconds`, downloaded under `filename`. */
  presignDownload(
    key: string,
    file: { contentType: AttachmentType; filename: string },
    seconds: number,
  ): Promise<PresignedRequest>;
}
