/** What the signed audit digests need: the chain heads, a signer, a write-once store. */
import type { ChainHead } from "./domain/chain.ts";
import type { Anchor, StreamHead } from "./domain/digest.ts";

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
