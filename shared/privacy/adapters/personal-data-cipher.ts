import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { config } from "../../config.ts";
import type { PersonalData } from "../../kernel/types.ts";
import type { SealedPersonalData } from "../../proposals/domain/proposal.ts";
import type { PersonalDataCipher } from "../ports.ts";

/**
 * Field-level encryption of survivors' personal data (AES-256-GCM). On AWS each record gets a
 * data key from KMS (envelope encryption); locally a key file created by the local stack.
 */
const CONTEXT = { purpose: "project8-personal-data" };
let kms: KMSClient | undefined;
let localKey: Buffer | undefined;

function readLocalKey(): Buffer {
  if (localKey) return localKey;
  const path = process.env.LOCAL_KEY_FILE;
  if (!path) throw new Error("environment variable LOCAL_KEY_FILE is not set");
  const raw = readFileSync(path);
  const text = raw.toString("utf8").trim();
  const key =
    raw.length === 32
      ? raw
      : /^[0-9a-f]{64}$/i.test(text)
        ? Buffer.from(text, "hex")
        : Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error("the local personal-data key must be 32 bytes");
  localKey = key;
  return key;
}

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
  if (config.keys === "local") return { ...encrypt(readLocalKey(), plain), keyId: "local" };
  kms ??= new KMSClient({});
  const keyId = process.env.PERSONAL_DATA_KEY_ID ?? "";
  const dk = await kms.send(
    new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: CONTEXT }),
  );
  if (!dk.Plaintext || !dk.CiphertextBlob) throw new Error("KMS returned no data key");
  const sealed = encrypt(Buffer.from(dk.Plaintext), plain);
  return { ...sealed, keyId, edk: Buffer.from(dk.CiphertextBlob).toString("base64") };
}

export async function unseal(sealed: SealedPersonalData): Promise<PersonalData> {
  if (sealed.keyId === "local") return decrypt(readLocalKey(), sealed);
  kms ??= new KMSClient({});
  const dk = await kms.send(
    new DecryptCommand({
      CiphertextBlob: Buffer.from(sealed.edk ?? "", "base64"),
      EncryptionContext: CONTEXT,
    }),
  );
  if (!dk.Plaintext) throw new Error("KMS returned no plaintext key");
  return decrypt(Buffer.from(dk.Plaintext), sealed);
}

/** Personal data sealed with the KMS key (envelope encryption, AES-256-GCM). */
export const kmsCipher: PersonalDataCipher = { seal, unseal };
