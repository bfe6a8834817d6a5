/**
 * Decodes an `aws-chunked` body (what the SDK sends for streamed uploads): chunks of
 * `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n`, a zero-size chunk, then trailing headers
 * such as `x-amz-checksum-crc32:<base64>`. The seed signature of the request is verified by
 * the gateway; chunk signatures are not (documented in docs/local-stack.md).
 */
export interface DecodedChunks {
  body: Buffer;
  trailers: Map<string, string>;
}

export class ChunkedEncodingError extends Error {
  override name = "ChunkedEncodingError";
}

export function decodeAwsChunked(raw: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    if (eol < 0) throw new ChunkedEncodingError("aws-chunked body ends inside a chunk header");
    const size = Number.parseInt(raw.subarray(at, eol).toString("latin1").split(";")[0] ?? "", 16);
    if (!Number.isInteger(size) || size < 0) {
      throw new ChunkedEncodingError("aws-chunked chunk size is not hexadecimal");
    }
    at = eol + 2;
    if (size === 0) break;
    if (at + size > raw.length) throw new ChunkedEncodingError("aws-chunked chunk is truncated");
    parts.push(raw.subarray(at, at + size));
    at += size;
    if (raw.subarray(at, at + 2).toString("latin1") === "\r\n") at += 2;
  }
  const trailers = new Map<string, string>();
  for (const line of raw.subarray(at).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { body: Buffer.concat(parts), trailers };
}
