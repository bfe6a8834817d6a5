/** In-memory ports of the signed audit digests: events by stream, an ECDSA key, a bucket. */
import { generateKeyPairSync, sign } from "node:crypto";
import type { AuditEvent } from "../../../shared/audit/domain/chain.ts";
import { type Anchor, anchorKey, LATEST_KEY } from "../../../shared/audit/domain/digest.ts";
import type {
  ChainHeads,
  DigestSigner,
  DigestStore,
  PublicKeySource,
} from "../../../shared/audit/ports.ts";

export function memoryChainHeads(events: () => readonly AuditEvent[]): ChainHeads & {
  calls: string[];
} {
  const calls: string[] = [];
  const heads = () => {
    const byStream = new Map<string, AuditEvent>();
    for (const e of events()) {
      const seen = byStream.get(e.stream);
      if (!seen || e.seq > seen.seq) byStream.set(e.stream, e);
    }
    return byStream;
  };
  return {
    calls,
    async changedStreams(from, to) {
      calls.push(`changed ${from} ${to}`);
      return [
        ...new Set(
          events()
            .filter((e) => e.at >= from && e.at < to)
            .map((e) => e.stream),
        ),
      ];
    },
    async allHeads() {
      calls.push("all");
      return [...heads().values()].map((e) => ({ stream: e.stream, seq: e.seq, hash: e.hash }));
    },
    async head(stream) {
      const e = heads().get(stream);
      return e ? { seq: e.seq, hash: e.hash } : { seq: 0, hash: "" };
    },
  };
}

/** An ECDSA P-256 key pair standing in for the KMS key: signs like KMS (DER, SHA-256). */
export function memorySigningKey(keyId = "arn:aws:kms:ap-southeast-1:000000000000:key/test") {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const signer: DigestSigner = {
    keyId,
    async sign(message) {
      return sign("sha256", message, privateKey);
    },
  };
  const der = publicKey.export({ type: "spki", format: "der" });
  const source: PublicKeySource = { keyId, publicKey: async () => der };
  return { signer, publicKey: source, der, pem: publicKey.export({ type: "spki", format: "pem" }) };
}

export function memoryDigestStore(): DigestStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  const json = <T>(key: string) => {
    const raw = objects.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  };
  return {
    objects,
    async latest() {
      return json(LATEST_KEY);
    },
    async read(key) {
      return objects.get(key);
    },
    async create(key, raw) {
      if (objects.has(key)) throw new Error(`${key} exists already`);
      objects.set(key, raw);
    },
    async writeAnchor(anchor: Anchor) {
      objects.set(anchorKey(anchor.stream), JSON.stringify(anchor));
    },
    async writeLatest(pointer) {
      objects.set(LATEST_KEY, JSON.stringify(pointer));
    },
    async anchor(stream) {
      return json(anchorKey(stream));
    },
  };
}
