import { hkdfSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { config } from "../config.ts";
import { pseudonym } from "../domain/pseudonym.ts";

/**
 * The key of survivors' pseudonyms. Locally it is derived (HKDF) from the personal-data key
 * file, so it is stable across restarts and never stored twice; on AWS it comes from
 * PSEUDONYM_KEY (base64, at least 16 bytes). Without a key there is no pseudonym (never a
 * fallback that could be guessed).
 */
let cached: Buffer | null | undefined;

function loadKey(): Buffer | null {
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

/** The survivor pseudonym of a proposal, or undefined when no key is configured. */
export function survivorPseudonym(proposalId: string): string | undefined {
  if (cached === undefined) cached = loadKey();
  return cached ? pseudonym(proposalId, cached) : undefined;
}
