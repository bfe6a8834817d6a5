import { type Kms, kms } from "../../aws/kms.ts";
import { pseudonymFromMac, pseudonymMessage } from "../domain/pseudonym.ts";

/**
 * Computes survivors' pseudonyms with a KMS HMAC key (HMAC_256, usage GENERATE_VERIFY_MAC)
 * that never leaves KMS, used with kms:GenerateMac by the functions that create proposals
 * only. Locally the same call reaches the local KMS (local/aws/kms/), which holds the
 * template's HMAC key. The pseudonym is computed once, at creation, and stored on the proposal.
 */
export interface PseudonymKey {
  readonly kind: "kms" | "none";
  /** The pseudonym of the survivor behind `proposalId`, or undefined when no key is configured. */
  pseudonymOf(proposalId: string): Promise<string | undefined>;
}

/** A KMS HMAC key (`keyId`: key ARN, id or alias) through GenerateMac with HMAC_SHA_256. */
export function kmsPseudonymKey(keyId: string, client: Kms = kms): PseudonymKey {
  return {
    kind: "kms",
    async pseudonymOf(proposalId) {
      const res = await client.generateMac({
        KeyId: keyId,
        MacAlgorithm: "HMAC_SHA_256",
        Message: new TextEncoder().encode(pseudonymMessage(proposalId)),
      });
      if (!res.Mac || res.Mac.length < 7) throw new Error("KMS returned no MAC");
      return pseudonymFromMac(res.Mac);
    },
  };
}

/** No key: no pseudonym (never a fallback that could be guessed). */
export const noPseudonymKey: PseudonymKey = {
  kind: "none",
  async pseudonymOf() {
    return undefined;
  },
};

/** The key an environment names: the KMS key PSEUDONYM_KEY_ID, or none. */
export function pseudonymKeyFor(env: NodeJS.ProcessEnv): PseudonymKey {
  const keyId = env.PSEUDONYM_KEY_ID;
  return keyId ? kmsPseudonymKey(keyId) : noPseudonymKey;
}

let current: PseudonymKey | undefined;

/** The key of this process (PSEUDONYM_KEY_ID), chosen once. */
export function pseudonymKey(): PseudonymKey {
  current ??= pseudonymKeyFor(process.env);
  return current;
}
