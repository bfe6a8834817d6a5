import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KmsError } from "./errors.ts";

/**
 * The local KMS's ciphertext blob: it names its key (as AWS's blobs do, so Decrypt needs no
 * KeyId) and authenticates the encryption context as AES-GCM additional data, so a wrong or
 * missing context fails to open as it does on AWS.
 *
 *   0x01 | key id length (1 byte) | key id (UTF-8) | IV (12) | tag (16) | ciphertext
 */
const VERSION = 0x01;

const invalid = () =>
  new KmsError(
    "InvalidCiphertextException",
    "The ciphertext is invalid, or its encryption context does not match the one it was encrypted with",
  );

/** The encryption context as KMS binds it: order-insensitive, case-sensitive pairs. */
function aad(keyArn: string, context: Readonly<Record<string, string>>): Buffer {
  const pairs = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(`p8-local-kms\0${keyArn}\0${JSON.stringify(pairs)}`, "utf8");
}

export function sealBlob(
  keyId: string,
  keyArn: string,
  secret: Buffer,
  plaintext: Buffer,
  context: Readonly<Record<string, string>>,
): Buffer {
  const id = Buffer.from(keyId, "utf8");
  if (id.length > 255) throw new Error("key id too long for a local ciphertext blob");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secret, iv);
  cipher.setAAD(aad(keyArn, context));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION, id.length]), id, iv, cipher.getAuthTag(), data]);
}

/** The key id a blob names; InvalidCiphertextException when it is no local blob. */
export function blobKeyId(blob: Buffer): string {
  const length = blob[1];
  if (blob[0] !== VERSION || length === undefined || blob.length < 2 + length + 28) throw invalid();
  return blob.subarray(2, 2 + length).toString("utf8");
}

export function openBlob(
  blob: Buffer,
  keyArn: string,
  secret: Buffer,
  context: Readonly<Record<string, string>>,
): Buffer {
  const start = 2 + Buffer.from(blobKeyId(blob), "utf8").length;
  const iv = blob.subarray(start, start + 12);
  const tag = blob.subarray(start + 12, start + 28);
  try {
    const decipher = createDecipheriv("aes-256-gcm", secret, iv);
    decipher.setAAD(aad(keyArn, context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(start + 28)), decipher.final()]);
  } catch {
    throw invalid();
  }
}
