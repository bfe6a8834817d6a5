import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { config } from "../../config.ts";
import type { PersonalData } from "../../kernel/types.ts";
import type { SealedPersonalData } from "../../proposals/domain/proposal.ts";
import type { PersonalDataCipher } from "../ports.ts";

/**
 * Field-level encryption of survivors' personal data (AES-256-GCM) with a data key from KMS per
 * record (envelope encryption). The same code runs on AWS and on the local stack, whose KMS
 * speaks the same protocol (local/aws/kms/): only AWS_ENDPOINT_URL_KMS differs.
 */
const CONTEXT = { purpose: "project8-personal-data" };
let kms: KMSClient | undefined;

function encrypt(key: Buffer, plain: PersonalData): Omit<SealedPersonalData, "keyId" | "edk"> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), "utf8"), cipher.final()]);
  return {
    alg: "AES-256-GCM",
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

function decrypt(key: Buffer, sealed: SealedPersonalData): PersonalData {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(sealed.data, "base64")),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString("utf8")) as PersonalData;
}

export async function seal(plain: PersonalData): Promise<SealedPersonalData> {
  kms ??= new KMSClient({});
  const keyId = config.personalDataKeyId;
  const dk = await kms.send(
    new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: CONTEXT }),
  );
  if (!dk.Plaintext || !dk.CiphertextBlob) throw new Error("KMS returned no data key");
  const sealed = encrypt(Buffer.from(dk.Plaintext), plain);
  return { ...sealed, keyId, edk: Buffer.from(dk.CiphertextBlob).toString("base64") };
}

export async function unseal(sealed: SealedPersonalData): Promise<PersonalData> {
  if (!sealed.edk) {
    // Sealed by the local key file of earlier local stacks, which no longer exists.
    throw new Error(
      "personal data sealed without a KMS data key; start the local stack with --fresh",
    );
  }
  kms ??= new KMSClient({});
  const dk = await kms.send(
    new DecryptCommand({
      CiphertextBlob: Buffer.from(sealed.edk, "base64"),
      EncryptionContext: CONTEXT,
    }),
  );
  if (!dk.Plaintext) throw new Error("KMS returned no plaintext key");
  return decrypt(Buffer.from(dk.Plaintext), sealed);
}

/** Personal data sealed with the KMS key (envelope encryption, AES-256-GCM). */
export const kmsCipher: PersonalDataCipher = { seal, unseal };
