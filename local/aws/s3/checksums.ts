import { createHash } from "node:crypto";

/**
 * The flexible checksums S3 checks on upload (`x-amz-checksum-<algorithm>`, base64 of the
 * big-endian digest). A mismatch is `BadDigest` on AWS, so it is here: an SDK that signs a
 * checksum of an empty body into a presigned URL fails locally as it would on AWS.
 */
function crcTable(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

function crc(table: Uint32Array, data: Buffer): Buffer {
  let c = 0xffffffff;
  for (const byte of data) c = (table[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out;
}

const ALGORITHMS: Record<string, (data: Buffer) => Buffer> = {
  crc32: (d) => crc(CRC32, d),
  crc32c: (d) => crc(CRC32C, d),
  sha1: (d) => createHash("sha1").update(d).digest(),
  sha256: (d) => createHash("sha256").update(d).digest(),
};

/** Base64 checksum of `data`, for the algorithms the local gateway knows (crc64nvme is not). */
export function checksumOf(algorithm: string, data: Buffer): string | undefined {
  return ALGORITHMS[algorithm]?.(data).toString("base64");
}

/**
 * The first checksum in `values` (`x-amz-checksum-*` from headers, query or trailer) that does
 * not match the body, as `algorithm`; undefined when all known ones match.
 */
export function checksumMismatch(
  values: ReadonlyMap<string, string>,
  body: Buffer,
): string | undefined {
  for (const [name, expected] of values) {
    const algorithm = name.replace(/^x-amz-checksum-/, "");
    if (algorithm === name || algorithm === "type" || algorithm === "mode") continue;
    const actual = checksumOf(algorithm, body);
    if (actual !== undefined && actual !== expected) return algorithm;
  }
  return undefined;
}
