import {
  buildDigest,
  digestKey,
  parseDigest,
  type StreamHead,
  serializeDigest,
  sha256Hex,
  signingStatement,
} from "../domain/digest.ts";
import type { ChainHeads, DigestSigner, DigestStore } from "../ports.ts";

export interface DigestPorts {
  heads: ChainHeads;
  signer: DigestSigner;
  store: DigestStore;
}

/**
 * How long after an event's time the digest waits before covering it: a transaction commits a
 * few seconds after the time it stamps on its event (Lambda timeouts are at most a minute), and
 * the byHour index is eventually consistent. An event younger than this goes into the next digest.
 */
export const DIGEST_LAG_MS = 5 * 60_000;

export type PublishResult =
  | { published: true; seq: number; key: string; heads: number; from?: string; to: string }
  | { published: false; reason: string };

/**
 * Publishes the next signed digest (scheduled hourly).
 * 1. read the newest digest (digests/latest.json and the digest it names); its `to` is where
 *    this one starts (the first digest has no start and covers every stream of the table);
 * 2. find the streams with an event in [start, now - lag) and read each one's head;
 * 3. build the digest (those heads, the SHA-256 of the previous digest), sign it with the KMS key;
 * 4. write it once under its sequence number, then one anchor per head (which digest last
 *    recorded the stream), then the pointer to it. A run that dies in between leaves a digest
 *    without its anchors or pointer: the next run starts from the pointer, so the window is
 *    covered again and nothing is lost; a digest is never rewritten.
 * A digest is written even when nothing changed: an hour without one says the function stopped.
 */
export async function publishDigest(ports: DigestPorts, now: string): Promise<PublishResult> {
  const latest = await ports.store.latest();
  let previous: { key: string; raw: string; seq: number; to: string } | undefined;
  if (latest) {
    const raw = await ports.store.read(latest.key);
    if (raw === undefined)
      throw new Error(`digests/latest.json names ${latest.key}, which is missing`);
    const parsed = parseDigest(raw);
    if (!parsed.ok) throw new Error(`${latest.key}: ${parsed.reason}`);
    previous = { key: latest.key, raw, seq: parsed.file.seq, to: parsed.file.to };
  }
  const to = new Date(Date.parse(now) - DIGEST_LAG_MS).toISOString();
  if (previous && to <= previous.to) {
    return {
      published: false,
      reason: `the last digest already covers events until ${previous.to}`,
    };
  }
  let heads: StreamHead[];
  if (previous) {
    const streams = await ports.heads.changedStreams(previous.to, to);
    heads = await mapLimited(streams, 16, async (stream) => ({
      stream,
      ...(await ports.heads.head(stream)),
    }));
  } else {
    heads = await ports.heads.allHeads();
  }
  const body = buildDigest({
    seq: (previous?.seq ?? 0) + 1,
    ...(previous ? { from: previous.to } : {}),
    to,
    createdAt: now,
    ...(previous ? { previous: { key: previous.key, sha256: sha256Hex(previous.raw) } } : {}),
    heads,
    keyId: ports.signer.keyId,
  });
  const signature = await ports.signer.sign(signingStatement(body));
  const key = digestKey(body.seq);
  await ports.store.create(key, serializeDigest(body, signature));
  await mapLimited(body.heads, 16, (h) =>
    ports.store.writeAnchor({ ...h, digest: { seq: body.seq, key } }),
  );
  await ports.store.writeLatest({ seq: body.seq, key });
  return {
    published: true,
    seq: body.seq,
    key,
    heads: body.heads.length,
    ...(body.from ? { from: body.from } : {}),
    to,
  };
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
