import { createHmac } from "../../kernel/node-crypto.ts";

/**
 * A stable pseudonym for the survivor behind a proposal, for roles that must not see personal
 * data (auditors): the same proposal always gets the same pseudonym, different proposals get
 * different ones, and without the key nobody can link a pseudonym back to the proposal.
 * HMAC-SHA256(key, "survivor:" + proposalId), 50 bits in Crockford base32: "NN-XXXX-XXXX-XX".
 * The MAC is computed by a local key here or by a KMS HMAC key (shared/privacy/adapters/pseudonym-key.ts);
 * both feed the same message and the same formatting.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The message whose MAC is the pseudonym (UTF-8). */
export function pseudonymMessage(proposalId: string): string {
  return `survivor:${proposalId}`;
}

/** Formats an HMAC-SHA256 of pseudonymMessage() as "NN-XXXX-XXXX-XX" (its first 50 bits). */
export function pseudonymFromMac(mac: Uint8Array): string {
  if (mac.length < 7) throw new Error("the pseudonym MAC must be at least 7 bytes");
  let bits = 0n;
  for (const b of mac.subarray(0, 7)) bits = (bits << 8n) | BigInt(b);
  let s = "";
  for (let i = 0; i < 10; i++) {
    s += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `NN-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The pseudonym of a proposal's survivor under a local HMAC key (at least 16 bytes). */
export function pseudonym(proposalId: string, key: Buffer): string {
  if (key.length < 16) throw new Error("the pseudonym key must be at least 16 bytes");
  return pseudonymFromMac(createHmac("sha256", key).update(pseudonymMessage(proposalId)).digest());
}
