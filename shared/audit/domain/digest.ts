import { createHash, createPublicKey, verify } from "../../kernel/node-crypto.ts";
import { type AuditEvent, type ChainHead, canonicalJson } from "./chain.ts";

/**
 * Signed digests of the audit chains, anchored outside the table that holds them (the model is
 * CloudTrail's log-file integrity validation: hourly digest files, each naming the previous
 * one, signed with a key the writers do not hold, kept in a write-once bucket).
 *
 * A digest lists the head (sequence number and hash of the last event) of every stream that
 * changed in its window, and the SHA-256 of the previous digest file, so the digests form a
 * chain of their own. It is signed with an asymmetric KMS key (ECDSA P-256): anyone holding the
 * public key can check it, and only the digest function may sign. A rewrite of a stream's
 * events together with its recorded head, which the hash chain alone cannot reveal, no longer
 * matches the head a signed digest recorded.
 *
 * What is signed is a short statement naming the SHA-256 of the digest's canonical JSON
 * (ECDSA_SHA_256 over the statement, MessageType RAW: KMS's 4 KB limit on raw messages never
 * binds, and the same bytes verify with node:crypto, openssl or KMS Verify).
 */

export const DIGEST_FORMAT = "project8-audit-digest/1";
export const SIGNING_ALGORITHM = "ECDSA_SHA_256";

export interface StreamHead extends ChainHead {
  stream: string;
}

export interface DigestBody {
  format: typeof DIGEST_FORMAT;
  /** 1, 2, 3, … without gaps. */
  seq: number;
  /** Events written from (inclusive; absent on the first digest, which covers everything before `to`)… */
  from?: string;
  /** …until (exclusive), ISO-8601 UTC. */
  to: string;
  createdAt: string;
  /** The previous digest file (absent on the first). */
  previous?: { key: string; sha256: string };
  /** Heads of the streams that changed in the window, sorted by stream, one each. */
  heads: StreamHead[];
  /** The KMS key that signed it and how. */
  keyId: string;
  algorithm: typeof SIGNING_ALGORITHM;
}

/** The digest as stored: its body and the signature (base64, DER-encoded ECDSA). */
export interface DigestFile extends DigestBody {
  signature: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The object key of digest `seq` (zero-padded: keys sort in sequence order). */
export function digestKey(seq: number): string {
  return `digests/${String(seq).padStart(10, "0")}.json`;
}

/** The pointer to the newest digest. */
export const LATEST_KEY = "digests/latest.json";

/** The object that says in which digest a stream was last anchored (an index; the digest is the authority). */
export function anchorKey(stream: string): string {
  return `anchors/${encodeURIComponent(stream)}.json`;
}

export interface Anchor {
  stream: string;
  seq: number;
  hash: string;
  digest: { seq: number; key: string };
}

export function buildDigest(input: {
  seq: number;
  from?: string;
  to: string;
  createdAt: string;
  previous?: { key: string; sha256: string };
  heads: readonly StreamHead[];
  keyId: string;
}): DigestBody {
  const byStream = new Map<string, StreamHead>();
  for (const h of input.heads) {
    const seen = byStream.get(h.stream);
    // The same stream read twice: the later head (a higher seq) is the one to anchor.
    if (!seen || h.seq > seen.seq)
      byStream.set(h.stream, { stream: h.stream, seq: h.seq, hash: h.hash });
  }
  const heads = [...byStream.values()]
    .filter((h) => h.seq > 0)
    .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  return {
    format: DIGEST_FORMAT,
    seq: input.seq,
    ...(input.from ? { from: input.from } : {}),
    to: input.to,
    createdAt: input.createdAt,
    ...(input.previous ? { previous: input.previous } : {}),
    heads,
    keyId: input.keyId,
    algorithm: SIGNING_ALGORITHM,
  };
}

/** The bytes that are signed: a statement naming the format, the digest's number and its SHA-256. */
export function signingStatement(body: DigestBody): Buffer {
  return Buffer.from(
    `${DIGEST_FORMAT}\nseq=${body.seq}\nsha256=${sha256Hex(canonicalJson(body))}\n`,
    "utf8",
  );
}

/** The stored bytes of a signed digest (canonical JSON). */
export function serializeDigest(body: DigestBody, signature: Uint8Array): string {
  const file: DigestFile = { ...body, signature: Buffer.from(signature).toString("base64") };
  return canonicalJson(file);
}

export type ParsedDigest = { ok: true; file: DigestFile } | { ok: false; reason: string };

/** Parses a stored digest, strictly enough that a malformed one is a finding, never a crash. */
export function parseDigest(text: string): ParsedDigest {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return { ok: false, reason: "the digest is not JSON" };
  }
  if (typeof o !== "object" || o === null)
    return { ok: false, reason: "the digest is not an object" };
  const d = o as Record<string, unknown>;
  if (d.format !== DIGEST_FORMAT)
    return { ok: false, reason: `unknown digest format ${String(d.format)}` };
  if (!Number.isInteger(d.seq) || typeof d.to !== "string" || typeof d.signature !== "string") {
    return { ok: false, reason: "the digest lacks seq, to or signature" };
  }
  if (!Array.isArray(d.heads)) return { ok: false, reason: "the digest has no heads" };
  for (const h of d.heads as unknown[]) {
    const x = h as Record<string, unknown>;
    if (typeof x?.stream !== "string" || !Number.isInteger(x.seq) || typeof x.hash !== "string") {
      return { ok: false, reason: "a head of the digest is malformed" };
    }
  }
  return { ok: true, file: d as unknown as DigestFile };
}

/** Whether the signature of a digest verifies with the public key alone (SPKI DER or PEM). */
export function digestSignatureValid(file: DigestFile, publicKey: Uint8Array | string): boolean {
  const { signature, ...body } = file;
  try {
    const key =
      typeof publicKey === "string"
        ? createPublicKey(publicKey)
        : createPublicKey({ key: Buffer.from(publicKey), format: "der", type: "spki" });
    return verify("sha256", signingStatement(body), key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export interface AnchorVerdict {
  ok: boolean;
  /** The first sequence number that cannot be trusted, and why. */
  brokenAt?: { seq: number; reason: string };
}

/**
 * A stream's events against the head a signed digest recorded for it. The events up to that
 * head must still end in exactly that hash (the hash chain then vouches for every earlier
 * event); events after it are younger than the digest and are checked by the next one.
 */
export function checkAgainstAnchor(
  events: readonly Pick<AuditEvent, "seq" | "hash">[],
  anchored: ChainHead,
  digest: { seq: number; to: string },
): AnchorVerdict {
  const at = events.find((e) => e.seq === anchored.seq);
  const signed = `signed digest ${digest.seq} (events until ${digest.to})`;
  if (!at) {
    const last = events[events.length - 1]?.seq ?? 0;
    return {
      ok: false,
      brokenAt: {
        seq: Math.min(last + 1, anchored.seq),
        reason: `the ${signed} records event ${anchored.seq}, but the stream ends at ${last}: events were removed`,
      },
    };
  }
  if (at.hash !== anchored.hash) {
    return {
      ok: false,
      brokenAt: {
        seq: anchored.seq,
        reason: `event ${anchored.seq} (or one before it) differs from the ${signed}: the events and the head were rewritten together`,
      },
    };
  }
  return { ok: true };
}

export interface DigestChainVerdict {
  ok: boolean;
  /** Digests checked, newest first. */
  checked: number;
  brokenAt?: { digest: number; reason: string };
}

/**
 * The digests, newest first, as a chain: each signed, numbered one below the one after it, and
 * named with its exact SHA-256 by the one after it. `raw` are the stored bytes.
 */
export function verifyDigestChain(
  newestFirst: readonly { key: string; raw: string }[],
  publicKey: Uint8Array | string,
): DigestChainVerdict {
  let next: DigestFile | undefined;
  let checked = 0;
  for (const { key, raw } of newestFirst) {
    const parsed = parseDigest(raw);
    const seq = next ? next.seq - 1 : Number.NaN;
    if (!parsed.ok) {
      return {
        ok: false,
        checked,
        brokenAt: { digest: Number.isNaN(seq) ? 0 : seq, reason: `${key}: ${parsed.reason}` },
      };
    }
    const file = parsed.file;
    if (!digestSignatureValid(file, publicKey)) {
      return {
        ok: false,
        checked,
        brokenAt: { digest: file.seq, reason: `${key}: the signature does not verify` },
      };
    }
    if (next) {
      if (file.seq !== next.seq - 1) {
        return {
          ok: false,
          checked,
          brokenAt: {
            digest: next.seq - 1,
            reason: `digest ${next.seq - 1} is missing (found ${file.seq})`,
          },
        };
      }
      if (next.previous?.key !== key || next.previous.sha256 !== sha256Hex(raw)) {
        return {
          ok: false,
          checked,
          brokenAt: {
            digest: file.seq,
            reason: `digest ${next.seq} names another previous digest than ${key} as stored`,
          },
        };
      }
    }
    checked++;
    next = file;
  }
  if (next && next.seq !== 1) {
    return {
      ok: false,
      checked,
      brokenAt: { digest: next.seq - 1, reason: `the digests before ${next.seq} are missing` },
    };
  }
  if (next?.previous) {
    return {
      ok: false,
      checked,
      brokenAt: { digest: 1, reason: "the first digest names a previous one" },
    };
  }
  return { ok: true, checked };
}
