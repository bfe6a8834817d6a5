/**
 * Registry ids: `BN-` and ten Crockford base32 characters (50 bits), short enough to read over
 * the phone, with no I, L, O or U to misread. The system issues them: random for a registration,
 * derived from a seed (an import's row, a migrated free-text id) where a re-run must find the
 * same entry again.
 */
import { createHash } from "../../kernel/node-crypto.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const REGISTRY_ID = /^BN-[0-9A-HJKMNP-TV-Z]{10}$/;

/** The id of the first 50 bits of `bytes` (at least 7 bytes). */
export function registryIdOf(bytes: Uint8Array): string {
  if (bytes.length < 7) throw new RangeError("a registry id needs at least 7 bytes");
  let bits = 0n;
  for (const b of bytes.subarray(0, 7)) bits = (bits << 8n) | BigInt(b);
  bits >>= 6n;
  let s = "";
  for (let i = 0; i < 10; i++) {
    s = (ALPHABET[Number(bits & 31n)] ?? "0") + s;
    bits >>= 5n;
  }
  return `BN-${s}`;
}

/** The same id for the same seed: imports and the migration re-run without duplicating. */
export function derivedRegistryId(seed: string): string {
  return registryIdOf(createHash("sha256").update(`registry:${seed}`).digest());
}

export const isRegistryId = (value: string): boolean => REGISTRY_ID.test(value);

/** Member ids within a group: M001, M002, ... (M1000 and beyond keep growing). */
export const memberIdOf = (seq: number): string => `M${String(seq).padStart(3, "0")}`;
