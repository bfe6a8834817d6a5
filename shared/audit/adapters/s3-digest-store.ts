import { getObject, putObject } from "../../aws/s3.ts";
import { type Anchor, anchorKey, LATEST_KEY } from "../domain/digest.ts";
import type { DigestPointer, DigestStore } from "../ports.ts";

/**
 * The digest bucket. On AWS it has Object Lock in compliance mode with a default retention of
 * years: no one, the account's root user included, can delete or overwrite a stored version
 * before it expires. Digests are written once (If-None-Match: *, so a second run that raced the
 * first cannot replace one); the anchors and `digests/latest.json` are indexes, rewritten as new
 * versions (every version stays retained), never the authority: the verifier trusts a digest
 * only for its signature.
 *
 * The local stack's S3 (s3rver behind the gateway) has no Object Lock, no versioning and
 * ignores If-None-Match: locally `create` checks that the key is free first (best effort).
 */
const isMissing = (err: unknown) => {
  const name = (err as Error | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound";
};

export function s3DigestStore(bucket: () => string): DigestStore {
  async function read(key: string): Promise<string | undefined> {
    try {
      const res = await getObject({ Bucket: bucket(), Key: key });
      return Buffer.from(res.Body).toString("utf8");
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }
  async function put(key: string, body: string, createOnly = false): Promise<void> {
    await putObject({
      Bucket: bucket(),
      Key: key,
      Body: body,
      ContentType: "application/json",
      ...(createOnly ? { IfNoneMatch: "*" } : {}),
    });
  }
  const json = async <T>(key: string): Promise<T | undefined> => {
    const raw = await read(key);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  };
  return {
    read,
    async latest() {
      const p = await json<DigestPointer>(LATEST_KEY);
      return p && Number.isInteger(p.seq) && typeof p.key === "string" ? p : undefined;
    },
    async create(key, raw) {
      if ((await read(key)) !== undefined) throw new Error(`${key} exists already`);
      await put(key, raw, true);
    },
    writeAnchor: (anchor: Anchor) => put(anchorKey(anchor.stream), JSON.stringify(anchor)),
    writeLatest: (pointer) => put(LATEST_KEY, JSON.stringify(pointer)),
    anchor: (stream) => json<Anchor>(anchorKey(stream)),
  };
}
