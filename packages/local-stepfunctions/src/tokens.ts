import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Task tokens: AES-256-GCM sealed `{arn, thread id, random}`. Opaque (the ARN is not in clear),
 * unguessable (128 random bits) and self-describing, so a token issued before a restart still
 * finds its execution without any token index.
 */
export class TokenCodec {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = createHash("sha256").update(`local-stepfunctions-token:${secret}`).digest();
  }

  issue(arn: string, tid: number): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const plain = Buffer.from(`${randomBytes(16).toString("base64url")}|${tid}|${arn}`, "utf8");
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `AQ${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  /** Returns the execution and thread of a token, or undefined when it was not issued by this codec. */
  open(token: string): { arn: string; tid: number } | undefined {
    if (typeof token !== "string" || !token.startsWith("AQ") || token.length > 2048)
      return undefined;
    try {
      const raw = Buffer.from(token.slice(2), "base64url");
      if (raw.length < 29) return undefined;
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
        "utf8",
      );
      const [, tid, ...arn] = plain.split("|");
      return { arn: arn.join("|"), tid: Number(tid) };
    } catch {
      return undefined;
    }
  }
}
