/** What use cases need from the audit trail beyond a proposal's own chain. */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { AuditFacts } from "../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import type { AuditEvent, ChainHead } from "./domain/chain.ts";
import type { Anchor, StreamHead } from "./domain/digest.ts";

/** Where the subject of an event lives, for the auditors' indexes (absent for global subjects). */
export interface EventScope {
  provinceId?: string;
  reviewUnitId?: string;
  communeId?: string;
}

/**
 * Streams whose head is their last event (a unit's routing, the review settings): the next
 * event is chained to it and written together with writes staged by other ports, so the
 * change and its event commit or fail together.
 */
export interface AuditLog {
  /**
   * Appends the next event of `stream` atomically with `extra`. A failed condition of a staged
   * write is WriteConditionsFailed with indexes into `extra`; a concurrent append to the same
   * stream is retried on the new head (the staged writes keep their own conditions).
   */
  append(
    stream: string,
    facts: AuditFacts,
    tx: TransitionContext,
    scope: EventScope,
    extra?: readonly PendingWrite[],
  ): Promise<AuditEvent>;
}

/* The signed audit digests: the chain heads, a signer, a write-once store. */
export interface ChainHeads {
  /** Streams with an event written in [from, to) (ISO-8601 UTC; the byHour index). */
  changedStreams(from: string, to: string): Promise<string[]>;
  /** The head of every stream of the table: only the first digest reads them all. */
  allHeads(): Promise<StreamHead[]>;
  /** A stream's head: its last event, read strongly consistently. */
  head(stream: string): Promise<ChainHead>;
}

export interface DigestSigner {
  /** The key that signs (its ARN): named in every digest. */
  readonly keyId: string;
  /** ECDSA_SHA_256 over `message` (DER-encoded signature). */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface PublicKeySource {
  /** The signing key's public key (SPKI DER), fetched once. */
  publicKey(): Promise<Uint8Array>;
  readonly keyId: string;
}

export interface DigestPointer {
  seq: number;
  key: string;
}

/** The digest bucket (Object Lock, compliance mode, on AWS). */
export interface DigestStore {
  latest(): Promise<DigestPointer | undefined>;
  /** The stored bytes of an object, undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  /** Writes a digest; refuses (throws) if that key exists already: digests are never replaced. */
  create(key: string, raw: string): Promise<void>;
  writeAnchor(anchor: Anchor): Promise<void>;
  writeLatest(pointer: DigestPointer): Promise<void>;
  anchor(stream: string): Promise<Anchor | undefined>;
}
