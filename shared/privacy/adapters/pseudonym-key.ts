import { hkdfSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { GenerateMacCommand, KMSClient } from "@aws-sdk/client-kms";
import { config } from "../../config.ts";
import { pseudonym, pseudonymFromMac, pseudonymMessage } from "../domain/pseudonym.ts";

/**
 * Computes survivors' pseudonyms. On AWS the key is a KMS HMAC key (HMAC_256, usage
 * GENERATE_VERIFY_MAC) that never leaves KMS, used with kms:GenerateMac by the functions that
 * create proposals only; locally (KEYS=local) it is the key derived from the local
 * personal-data key file. Both MAC the same message and format it the same way, so the
 * pseudonym is computed once, at creation, and stored on the proposal.
 */
export interface PseudonymKey {
  readonly kind: "kms" | "local";
  /** The pseudonym of the survivor behind `proposalId`, or undefined when no key is configured. */
  pseudonymOf(proposalId: string): Promise<string | undefined>;
}

/** A KMS HMAC key (`keyId`: key ARN, id or alias) through GenerateMac with HMAC_SHA_256. */
export function kmsPseudonymKey(keyId: string, client?: KMSClient): PseudonymKey {
  let kms = client;
  return {
    kind: "kms",
    async pseudonymOf(proposalId) {
      kms ??= new KMSClient({});
      const res = await kms.send(
        new GenerateMacCommand({
          KeyId: keyId,
          MacAlgorithm: "HMAC_SHA_256",
          Message: new TextEncoder().encode(pseudonymMessage(proposalId)),
        }),
      );
      if (!res.Mac || res.Mac.length < 7) throw new Error("KMS returned no MAC");
      return pseudonymFromMac(res.Mac);
    },
  };
}

/**
 * The local key: derived (HKDF) from the local personal-data key file, so it is stable across
 * restarts and never stored twice; or PSEUDONYM_KEY (base64, at least 16 bytes) where set.
 * Without a key there is no pseudonym (never a fallback that could be guessed).
 */
let localKey: Buffer | null | undefined;

function loadLocalKey(): Buffer | null {
  const fromEnv = process.env.PSEUDONYM_KEY;
  if (fromEnv) {
    const k = Buffer.from(fromEnv, "base64");
    return k.length >= 16 ? k : null;
  }
  const file = process.env.LOCAL_KEY_FILE;
  if (config.keys !== "local" || !file) return null;
  try {
    const ikm = readFileSync(file);
    return Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), "project8-survivor-pseudonym", 32));
  } catch {
    return null;
  }
}

/** The pseudonym under the local key, or undefined when there is none (e.g. on AWS). */
export function localSurvivorPseudonym(proposalId: string): string | undefined {
  if (localKey === undefined) localKey = loadLocalKey();
  return localKey ? pseudonym(proposalId, localKey) : undefined;
}

/** The local derivation as a PseudonymKey. */
export const localPseudonymKey: PseudonymKey = {
  kind: "local",
  async pseudonymOf(proposalId) {
    return localSurvivorPseudonym(proposalId);
  },
};

/**
 * The key an environment names: the local derivation with KEYS=local (config.keys), the KMS
 * key PSEUDONYM_KEY_ID otherwise; without either, the local derivation (no pseudonym without a
 * key: never a guessable fallback).
 */
export function pseudonymKeyFor(env: NodeJS.ProcessEnv): PseudonymKey {
  const keyId = env.PSEUDONYM_KEY_ID;
  return env.KEYS !== "local" && keyId ? kmsPseudonymKey(keyId) : localPseudonymKey;
}

let current: PseudonymKey | undefined;

/** The key of this process (config.keys and PSEUDONYM_KEY_ID), chosen once. */
export function pseudonymKey(): PseudonymKey {
  current ??= config.keys === "local" ? localPseudonymKey : pseudonymKeyFor(process.env);
  return current;
}
