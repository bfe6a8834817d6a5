/**
 * JSON or text stored as Brotli-compressed binary: for large, write-once attributes that only
 * their own adapter reads back (the full norm-check result, an idempotent request's response). DynamoDB bills a binary attribute by its raw
 * bytes, and write units per KB of the item, so a result of 8 kB of repetitive citations costs
 * 2 write units instead of 8 (twice that in a transaction), and reads fewer read units too.
 */

/**
 * node:zlib is loaded at the first pack or unpack (about 2.5 ms at import otherwise), through
 * `process.getBuiltinModule` like node:http in shared/aws/aws-request.ts: many functions bundle
 * the idempotency store or the norm ports and never pack (a read, a request without an
 * Idempotency-Key).
 */
const zlib = (): typeof import("node:zlib") => process.getBuiltinModule("node:zlib");

/**
 * Brotli's quality 6, not its default 11: on a 5 kB norm-check result 11 takes about 15 ms
 * for 327 bytes, 6 about 0.1 ms for 331 (node:zlib, measured on 2026-12-03); the pack runs
 * inside the write request. What is packed once, when the code is built, can take 11.
 */
const QUALITY = 6;

export function packText(text: string, quality = QUALITY): Uint8Array {
  const { brotliCompressSync, constants } = zlib();
  return brotliCompressSync(Buffer.from(text, "utf8"), {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: quality,
    },
  });
}

export const unpackText = (packed: Uint8Array): string =>
  zlib().brotliDecompressSync(packed).toString("utf8");

export const packJson = (value: unknown): Uint8Array => packText(JSON.stringify(value));

export const unpackJson = <T = unknown>(packed: Uint8Array): T =>
  JSON.parse(unpackText(packed)) as T;
