import { type Kms, kms } from "../../aws/kms.ts";
import { config } from "../../config.ts";
import { createCipheriv, createDecipheriv, randomBytes } from "../../kernel/node-crypto.ts";
import type { PersonalData } from "../../kernel/types.ts";
import type { SealedPersonalData } from "../../proposals/domain/proposal.ts";
import type { PersonalDataCipher, SealBinding } from "../ports.ts";

/**
 * Field-level encryption of survivors' personal data (AES-256-GCM) with a data key from KMS per
 * record (envelope encryption). The same code runs on AWS and on the local stack, whose KMS
 * speaks the same protocol (local/aws/kms/): only AWS_ENDPOINT_URL_KMS differs.
 *
 * Every record is bound to its proposal and field twice over:
 * - the KMS encryption context {purpose, proposalId, field}: KMS refuses to decrypt the data key
 *   under any other context, and CloudTrail's Decrypt entry names the proposal whose data was
 *   opened (the context is logged; it holds ids, never personal data);
 * - the same values as GCM additional data of the record itself, so that even with its data
 *   key at hand a record does not open as another proposal's or another field's.
 * A ciphertext copied into another proposal therefore fails to open.
 *
 * Records sealed before the binding (no `v`) carry the old constant context and no additional
 * data; they stay readable that way (decision: keep, not migrate; each is re-sealed with the
 * binding when its draft is next edited). Downgrading a bound record by deleting its `v` does
 * not help: its data key only decrypts under the bound context.
 */
const PURPOSE = "project8-personal-data";
const LEGACY_CONTEXT = { purpose: PURPOSE };
/** The version of sealed records that carry the binding. */
export const BOUND = 2;

/** The KMS encryption context of a bound record. */
export function encryptionContext(b: SealBinding): Record<string, string> {
  return { purpose: PURPOSE, proposalId: b.proposalId, field: b.field };
}

/** GCM additional data of a bound record: the same facts, in a fixed, unambiguous order. */
export function additionalData(b: SealBinding): Buffer {
  return Buffer.from(JSON.stringify([PURPOSE, BOUND, b.proposalId, b.field]), "utf8");
}

function encrypt(
  key: Buffer,
  plain: PersonalData,
  aad: Buffer,
): Pick<SealedPersonalData, "alg" | "iv" | "tag" | "data"> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), "utf8"), cipher.final()]);
  return {
    alg: "AES-256-GCM",
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

function decrypt(key: Buffer, sealed: SealedPersonalData, aad: Buffer | undefined): PersonalData {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(sealed.data, "base64")),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString("utf8")) as PersonalData;
}

/** A bound record that does not open under its binding: moved, edited, or its field swapped. */
export class SealedDataError extends Error {
  override name = "SealedDataError";
}

export interface CipherDeps {
  kms: () => Kms;
  /** The personal-data key (ARN or alias) new records are sealed with. */
  keyId: () => string;
}

/** The cipher over a KMS client (injected for tests; kmsCipher below is the handlers' one). */
export function personalDataCipher(deps: CipherDeps): PersonalDataCipher {
  return {
    async seal(plain, binding) {
      const keyId = deps.keyId();
      const dk = await deps.kms().generateDataKey({
        KeyId: keyId,
        KeySpec: "AES_256",
        EncryptionContext: encryptionContext(binding),
      });
      if (!dk.Plaintext || !dk.CiphertextBlob) throw new Error("KMS returned no data key");
      const sealed = encrypt(Buffer.from(dk.Plaintext), plain, additionalData(binding));
      return { v: BOUND, ...sealed, keyId, edk: Buffer.from(dk.CiphertextBlob).toString("base64") };
    },
    async unseal(sealed, binding) {
      if (!sealed.edk) {
        // Sealed by the local key file of earlier local stacks, which no longer exists.
        throw new Error(
          "personal data sealed without a KMS data key; start the local stack with --fresh",
        );
      }
      const bound = sealed.v === BOUND;
      const where = `proposal ${binding.proposalId}, field ${binding.field}`;
      let key: Uint8Array | undefined;
      try {
        const dk = await deps.kms().decrypt({
          CiphertextBlob: Buffer.from(sealed.edk, "base64"),
          EncryptionContext: bound ? encryptionContext(binding) : LEGACY_CONTEXT,
        });
        key = dk.Plaintext;
      } catch (err) {
        if ((err as Error).name === "InvalidCiphertextException") {
          throw new SealedDataError(`the data key of ${where} does not open under its binding`);
        }
        throw err;
      }
      if (!key) throw new Error("KMS returned no plaintext key");
      try {
        return decrypt(Buffer.from(key), sealed, bound ? additionalData(binding) : undefined);
      } catch {
        throw new SealedDataError(`the sealed record of ${where} does not authenticate`);
      }
    },
  };
}

/** Personal data sealed with the KMS key (envelope encryption, AES-256-GCM, bound to its place). */
export const kmsCipher: PersonalDataCipher = personalDataCipher({
  kms: () => kms,
  keyId: () => config.personalDataKeyId,
});
