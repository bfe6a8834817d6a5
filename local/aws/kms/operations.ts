import {
  constants,
  createHmac,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
} from "node:crypto";
import type { ConditionValues } from "../authorize.ts";
import { blobKeyId, openBlob, sealBlob } from "./ciphertext.ts";
import { KmsError, validation } from "./errors.ts";
import type { KeyRing, LocalKmsKey } from "./keys.ts";

/**
 * The KMS operations the project uses, on the AWS JSON 1.1 shapes (blobs as base64, dates as
 * epoch seconds). Each operation says first which key it needs, so the server can authorize
 * `kms:<Op>` on that key before anything is done with it.
 */

type Input = Readonly<Record<string, unknown>>;
export type Output = Record<string, unknown>;

export interface PreparedOperation {
  /** The key ARN the call is authorized on. */
  resource: string;
  /** Condition keys of the request (encryption context, algorithms, alias). */
  context: ConditionValues;
  /** Runs the operation; throws KmsError. */
  run(): Output;
}

const MAX_MESSAGE = 4096;

function optionalString(input: Input, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw validation(`${name} must be a string`);
  return v;
}

function requiredString(input: Input, name: string): string {
  const v = optionalString(input, name);
  if (v === undefined || v === "") {
    throw validation(
      `1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v;
}

function blob(input: Input, name: string, max = MAX_MESSAGE): Buffer {
  const text = requiredString(input, name);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    throw new KmsError("SerializationException", `${name} is not base64`);
  const bytes = Buffer.from(text, "base64");
  if (bytes.length < 1 || bytes.length > max) {
    throw validation(`${name} must be between 1 and ${max} bytes long`);
  }
  return bytes;
}

function encryptionContext(input: Input): Record<string, string> {
  const v = input.EncryptionContext;
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v))
    throw validation("EncryptionContext must be a map");
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== "string") throw validation("EncryptionContext values must be strings");
    out[k] = value;
  }
  return out;
}

/** Condition keys of an encryption context: kms:EncryptionContext:<k> and kms:EncryptionContextKeys. */
function contextKeys(context: Readonly<Record<string, string>>): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = {
    "kms:EncryptionContextKeys": Object.keys(context),
  };
  for (const [k, v] of Object.entries(context)) keys[`kms:EncryptionContext:${k}`] = v;
  return keys;
}

function enabled(key: LocalKmsKey): LocalKmsKey {
  if (!key.enabled) throw new KmsError("DisabledException", `${key.arn} is disabled.`);
  return key;
}

function usage(key: LocalKmsKey, expected: string, op: string): LocalKmsKey {
  enabled(key);
  if (key.keyUsage !== expected) {
    throw new KmsError(
      "InvalidKeyUsageException",
      `${key.arn} key usage is ${key.keyUsage} which is not valid for ${op}.`,
    );
  }
  return key;
}

function algorithm(
  key: LocalKmsKey,
  given: string | undefined,
  supported: readonly string[],
  what: string,
): string {
  const chosen = given ?? supported[0];
  if (chosen === undefined || !supported.includes(chosen)) {
    throw new KmsError(
      "InvalidKeyUsageException",
      `Algorithm ${String(given)} is incompatible with key spec ${key.keySpec} (${what}).`,
    );
  }
  return chosen;
}

function secretOf(key: LocalKmsKey): Buffer {
  if (!key.secret) throw new KmsError("KMSInternalException", "key material missing", 500);
  return key.secret;
}

/** Node's name for a MAC or signing algorithm's digest. */
function digestOf(alg: string): "sha224" | "sha256" | "sha384" | "sha512" {
  const m = /SHA_(224|256|384|512)$/.exec(alg);
  if (!m) throw new KmsError("KMSInternalException", `no digest for ${alg}`, 500);
  return `sha${m[1]}` as "sha224" | "sha256" | "sha384" | "sha512";
}

const DIGEST_INFO: Record<string, string> = {
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};

function signatureOptions(key: LocalKmsKey, alg: string) {
  if (!key.privateKey || !key.publicKey) {
    throw new KmsError("KMSInternalException", "key material missing", 500);
  }
  const padding = alg.startsWith("RSASSA_PSS")
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : alg.startsWith("RSASSA_PKCS1")
      ? { padding: constants.RSA_PKCS1_PADDING }
      : { dsaEncoding: "der" as const };
  return { privateKey: key.privateKey, publicKey: key.publicKey, padding };
}

interface MessageToSign {
  message: Buffer;
  type: "RAW" | "DIGEST";
}

function messageToSign(input: Input, alg: string): MessageToSign {
  const type = optionalString(input, "MessageType") ?? "RAW";
  if (type !== "RAW" && type !== "DIGEST") throw validation("MessageType must be RAW or DIGEST");
  const message = blob(input, "Message");
  if (type === "DIGEST") {
    const length = { sha224: 28, sha256: 32, sha384: 48, sha512: 64 }[digestOf(alg)];
    if (message.length !== length) {
      throw validation(`Digest is invalid length for algorithm ${alg}.`);
    }
    // Node signs a precomputed digest only through the raw RSA primitive (PKCS#1 v1.5).
    if (!alg.startsWith("RSASSA_PKCS1")) {
      throw new KmsError(
        "UnsupportedOperationException",
        `The local KMS signs MessageType DIGEST only with RSASSA_PKCS1_V1_5_*; use MessageType RAW with ${alg}.`,
      );
    }
  }
  return { message, type };
}

function signMessage(key: LocalKmsKey, alg: string, m: MessageToSign): Buffer {
  const o = signatureOptions(key, alg);
  const digest = digestOf(alg);
  if (m.type === "DIGEST") {
    const info = Buffer.from(DIGEST_INFO[digest] ?? "", "hex");
    return privateEncrypt(
      { key: o.privateKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([info, m.message]),
    );
  }
  return sign(digest, m.message, { key: o.privateKey, ...o.padding });
}

function verifyMessage(
  key: LocalKmsKey,
  alg: string,
  m: MessageToSign,
  signature: Buffer,
): boolean {
  const o = signatureOptions(key, alg);
  const digest = digestOf(alg);
  try {
    if (m.type === "DIGEST") {
      const info = Buffer.from(DIGEST_INFO[digest] ?? "", "hex");
      const recovered = publicDecrypt(
        { key: o.publicKey, padding: constants.RSA_PKCS1_PADDING },
        signature,
      );
      const expected = Buffer.concat([info, m.message]);
      return recovered.length === expected.length && timingSafeEqual(recovered, expected);
    }
    return verify(digest, m.message, { key: o.publicKey, ...o.padding }, signature);
  } catch {
    return false;
  }
}

/** KMS's KeyMetadata of a key (DescribeKey; parts of it in GetPublicKey). */
function metadata(key: LocalKmsKey, ring: KeyRing): Output {
  return {
    AWSAccountId: ring.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt,
    Enabled: key.enabled,
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.enabled ? "Enabled" : "Disabled",
    Origin: "AWS_KMS",
    KeyManager: "CUSTOMER",
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    MultiRegion: false,
    ...(key.encryptionAlgorithms.length > 0
      ? { EncryptionAlgorithms: [...key.encryptionAlgorithms] }
      : {}),
    ...(key.macAlgorithms.length > 0 ? { MacAlgorithms: [...key.macAlgorithms] } : {}),
    ...(key.signingAlgorithms.length > 0 ? { SigningAlgorithms: [...key.signingAlgorithms] } : {}),
  };
}

function dataKeyLength(input: Input): number {
  const spec = optionalString(input, "KeySpec");
  const bytes = input.NumberOfBytes;
  if (spec !== undefined && bytes !== undefined) {
    throw validation("Specify either KeySpec or NumberOfBytes, not both");
  }
  if (spec === "AES_256") return 32;
  if (spec === "AES_128") return 16;
  if (spec !== undefined) throw validation(`KeySpec ${spec} must be AES_256 or AES_128`);
  if (typeof bytes === "number" && Number.isInteger(bytes) && bytes >= 1 && bytes <= 1024) {
    return bytes;
  }
  throw validation("Specify either KeySpec or NumberOfBytes (1 to 1024)");
}

function encryptionAlgorithmOf(key: LocalKmsKey, input: Input): string {
  return algorithm(
    key,
    optionalString(input, "EncryptionAlgorithm"),
    key.encryptionAlgorithms,
    "encryption",
  );
}

/**
 * The operation `name` on `input`: the key it needs and a function that runs it. Unknown
 * operations are UnknownOperationException (the SDK's own name for it).
 */
export function prepare(name: string, input: Input, ring: KeyRing): PreparedOperation {
  const requested = (): {
    key: () => LocalKmsKey;
    resource: string;
    alias: Record<string, string>;
  } => {
    const keyId = requiredString(input, "KeyId");
    const alias: Record<string, string> = keyId.includes("alias/")
      ? { "kms:RequestAlias": keyId.replace(/^arn:[^/]*?:alias\//, "alias/") }
      : {};
    let resource: string;
    try {
      resource = ring.find(keyId).arn;
    } catch {
      resource = ring.arnOf(keyId);
    }
    return { key: () => ring.find(keyId), resource, alias };
  };
  const base = { "kms:CallerAccount": ring.account };

  switch (name) {
    case "Encrypt": {
      const r = requested();
      const context = encryptionContext(input);
      const plaintext = blob(input, "Plaintext");
      return {
        resource: r.resource,
        context: { ...base, ...r.alias, ...contextKeys(context) },
        run() {
          const key = usage(r.key(), "ENCRYPT_DECRYPT", "Encrypt");
          const alg = encryptionAlgorithmOf(key, input);
          return {
            CiphertextBlob: sealBlob(
              key.keyId,
              key.arn,
              secretOf(key),
              plaintext,
              context,
            ).toString("base64"),
            KeyId: key.arn,
            EncryptionAlgorithm: alg,
          };
        },
      };
    }
    case "Decrypt": {
      const ciphertext = blob(input, "CiphertextBlob", 6144);
      const context = encryptionContext(input);
      const named = blobKeyId(ciphertext);
      const requestedId = optionalString(input, "KeyId");
      const resource = (() => {
        try {
          return ring.find(named).arn;
        } catch {
          return ring.arnOf(named);
        }
      })();
      return {
        resource,
        context: { ...base, ...contextKeys(context) },
        run() {
          const key = usage(ring.find(named), "ENCRYPT_DECRYPT", "Decrypt");
          if (requestedId !== undefined && ring.find(requestedId).arn !== key.arn) {
            throw new KmsError(
              "IncorrectKeyException",
              "The key ID in the request does not identify a KMS key that can perform this operation.",
            );
          }
          const alg = encryptionAlgorithmOf(key, input);
          return {
            Plaintext: openBlob(ciphertext, key.arn, secretOf(key), context).toString("base64"),
            KeyId: key.arn,
            EncryptionAlgorithm: alg,
          };
        },
      };
    }
    case "GenerateDataKey":
    case "GenerateDataKeyWithoutPlaintext": {
      const r = requested();
      const context = encryptionContext(input);
      const length = dataKeyLength(input);
      return {
        resource: r.resource,
        context: { ...base, ...r.alias, ...contextKeys(context) },
        run() {
          const key = usage(r.key(), "ENCRYPT_DECRYPT", name);
          const plaintext = randomBytes(length);
          const sealed = sealBlob(key.keyId, key.arn, secretOf(key), plaintext, context);
          return {
            CiphertextBlob: sealed.toString("base64"),
            KeyId: key.arn,
            ...(name === "GenerateDataKey" ? { Plaintext: plaintext.toString("base64") } : {}),
          };
        },
      };
    }
    case "GenerateMac":
    case "VerifyMac": {
      const r = requested();
      const message = blob(input, "Message");
      const requestedAlg = requiredString(input, "MacAlgorithm");
      return {
        resource: r.resource,
        context: { ...base, ...r.alias, "kms:MacAlgorithm": requestedAlg },
        run() {
          const key = usage(r.key(), "GENERATE_VERIFY_MAC", name);
          const alg = algorithm(key, requestedAlg, key.macAlgorithms, "MAC");
          const mac = createHmac(digestOf(alg), secretOf(key)).update(message).digest();
          if (name === "GenerateMac") {
            return { Mac: mac.toString("base64"), MacAlgorithm: alg, KeyId: key.arn };
          }
          const given = blob(input, "Mac", 6144);
          if (given.length !== mac.length || !timingSafeEqual(given, mac)) {
            throw new KmsError(
              "KMSInvalidMacException",
              "The MAC is not valid for this message and key.",
            );
          }
          return { KeyId: key.arn, MacValid: true, MacAlgorithm: alg };
        },
      };
    }
    case "Sign":
    case "Verify": {
      const r = requested();
      const requestedAlg = requiredString(input, "SigningAlgorithm");
      return {
        resource: r.resource,
        context: {
          ...base,
          ...r.alias,
          "kms:SigningAlgorithm": requestedAlg,
          "kms:MessageType": optionalString(input, "MessageType") ?? "RAW",
        },
        run() {
          const key = usage(r.key(), "SIGN_VERIFY", name);
          const alg = algorithm(key, requestedAlg, key.signingAlgorithms, "signing");
          const m = messageToSign(input, alg);
          if (name === "Sign") {
            return {
              KeyId: key.arn,
              Signature: signMessage(key, alg, m).toString("base64"),
              SigningAlgorithm: alg,
            };
          }
          const signature = blob(input, "Signature", 6144);
          if (!verifyMessage(key, alg, m, signature)) {
            throw new KmsError(
              "KMSInvalidSignatureException",
              "The signature does not verify with this message, key and algorithm.",
            );
          }
          return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: alg };
        },
      };
    }
    case "GetPublicKey": {
      const r = requested();
      return {
        resource: r.resource,
        context: { ...base, ...r.alias },
        run() {
          const key = enabled(r.key());
          if (!key.publicKey) {
            throw new KmsError(
              "UnsupportedOperationException",
              `${key.arn} key usage is ${key.keyUsage}: a symmetric or HMAC key has no public key.`,
            );
          }
          return {
            KeyId: key.arn,
            PublicKey: key.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
            CustomerMasterKeySpec: key.keySpec,
            KeySpec: key.keySpec,
            KeyUsage: key.keyUsage,
            SigningAlgorithms: [...key.signingAlgorithms],
          };
        },
      };
    }
    case "DescribeKey": {
      const r = requested();
      return {
        resource: r.resource,
        context: { ...base, ...r.alias },
        run: () => ({ KeyMetadata: metadata(r.key(), ring) }),
      };
    }
    default:
      throw new KmsError("UnknownOperationException", `The local KMS does not implement ${name}.`);
  }
}
