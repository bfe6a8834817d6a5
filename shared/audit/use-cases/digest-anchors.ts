import {
  type Anchor,
  type DigestFile,
  digestSignatureValid,
  parseDigest,
} from "../domain/digest.ts";
import type { DigestStore, PublicKeySource } from "../ports.ts";

/** What the signed digests say about one stream. */
export type AnchorFinding =
  /** No digest has recorded the stream yet (younger than the last digest). */
  | { kind: "none" }
  | {
      kind: "anchored";
      seq: number;
      hash: string;
      digest: { seq: number; key: string; to: string };
    }
  /** The anchor or its digest cannot be trusted: a finding in itself. */
  | { kind: "invalid"; reason: string };

export interface AnchorReader {
  anchorOf(stream: string): Promise<AnchorFinding>;
}

/**
 * Reads a stream's anchor and checks it against the digest it names: the digest's signature
 * (with the public key alone) and that the digest really records that head. Digests are
 * cached for the reader's lifetime (one request).
 */
export function anchorReader(ports: {
  store: DigestStore;
  publicKey: PublicKeySource;
}): AnchorReader {
  const digests = new Map<
    string,
    Promise<{ ok: true; file: DigestFile } | { ok: false; reason: string }>
  >();
  const digest = (key: string) => {
    let found = digests.get(key);
    if (!found) {
      found = (async () => {
        const raw = await ports.store.read(key);
        if (raw === undefined) return { ok: false as const, reason: `${key} is missing` };
        const parsed = parseDigest(raw);
        if (!parsed.ok) return { ok: false as const, reason: `${key}: ${parsed.reason}` };
        // The signature is the authority; the key id the digest names is only a label.
        const valid = digestSignatureValid(parsed.file, await ports.publicKey.publicKey());
        return valid
          ? { ok: true as const, file: parsed.file }
          : {
              ok: false as const,
              reason: `${key}: the signature does not verify with the public key of ${ports.publicKey.keyId}`,
            };
      })();
      digests.set(key, found);
    }
    return found;
  };
  return {
    async anchorOf(stream) {
      const anchor: Anchor | undefined = await ports.store.anchor(stream);
      if (!anchor) return { kind: "none" };
      const d = await digest(anchor.digest.key);
      if (!d.ok) return { kind: "invalid", reason: d.reason };
      const head = d.file.heads.find((h) => h.stream === stream);
      if (!head) {
        return {
          kind: "invalid",
          reason: `the anchor names ${anchor.digest.key}, which does not record ${stream}`,
        };
      }
      return {
        kind: "anchored",
        seq: head.seq,
        hash: head.hash,
        digest: { seq: d.file.seq, key: anchor.digest.key, to: d.file.to },
      };
    },
  };
}
