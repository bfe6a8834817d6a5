/**
 * JSON stored as Brotli-compressed binary: for large, write-once attributes that only their own
 * adapter reads back (the full norm-check result). DynamoDB bills a binary attribute by its raw
 * bytes, and write units per KB of the item, so a result of 8 kB of repetitive citations costs
 * 2 write units instead of 8 (twice that in a transaction), and reads fewer read units too.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";

export function packJson(value: unknown): Uint8Array {
  return brotliCompressSync(Buffer.from(JSON.stringify(value), "utf8"), {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: 11,
    },
  });
}

export function unpackJson<T = unknown>(packed: Uint8Array): T {
  return JSON.parse(brotliDecompressSync(packed).toString("utf8")) as T;
}
