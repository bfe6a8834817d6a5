import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { KmsError } from "./errors.ts";

/** A KMS key as the template declares it (local/template/services.ts reads it). */
export interface KmsKeyDeclaration {
  /** Logical id: the local key id. */
  keyId: string;
  /** The ARN the template resolver gives `Fn::GetAtt <key>.Arn`. */
  arn: string;
  /** `SYMMETRIC_DEFAULT`, `HMAC_256`, `ECC_NIST_P256`, `RSA_2048`, ... */
  keySpec: string;
  /** `ENCRYPT_DECRYPT`, `GENERATE_VERIFY_MAC` or `SIGN_VERIFY`. */
  keyUsage: string;
  description: string;
  enabled: boolean;
  /** `alias/...` names pointing at this key. */
  aliases: readonly string[];
}

/** What KMS does with a key of each spec, and the algorithms it accepts. */
interface SpecInfo {
  usages: readonly string[];
  encryption?: readonly string[];
  mac?: readonly string[];
  signing?: readonly string[];
  /** Bytes of symmetric or HMAC material. */
  bytes?: number;
  generate?: () => KeyObject;
}

const RSA_SIGNING = [
  "RSASSA_PSS_SHA_256",
  "RSASSA_PSS_SHA_384",
  "RSASSA_PSS_SHA_512",
  "RSASSA_PKCS1_V1_5_SHA_256",
  "RSASSA_PKCS1_V1_5_SHA_384",
  "RSASSA_PKCS1_V1_5_SHA_512",
];
const rsa = (bits: number) => () => generateKeyPairSync("rsa", { modulusLength: bits }).privateKey;
const ec = (curve: string) => () => generateKeyPairSync("ec", { namedCurve: curve }).privateKey;

const SPECS: Readonly<Record<string, SpecInfo>> = {
  SYMMETRIC_DEFAULT: { usages: ["ENCRYPT_DECRYPT"], encryption: ["SYMMETRIC_DEFAULT"], bytes: 32 },
  HMAC_224: { usages: ["GENERATE_VERIFY_MAC"], mac: ["HMAC_SHA_224"], bytes: 28 },
  HMAC_256: { usages: ["GENERATE_VERIFY_MAC"], mac: ["HMAC_SHA_256"], bytes: 32 },
  HMAC_384: { usages: ["GENERATE_VERIFY_MAC"], mac: ["HMAC_SHA_384"], bytes: 48 },
  HMAC_512: { usages: ["GENERATE_VERIFY_MAC"], mac: ["HMAC_SHA_512"], bytes: 64 },
  RSA_2048: { usages: ["SIGN_VERIFY"], signing: RSA_SIGNING, generate: rsa(2048) },
  RSA_3072: { usages: ["SIGN_VERIFY"], signing: RSA_SIGNING, generate: rsa(3072) },
  RSA_4096: { usages: ["SIGN_VERIFY"], signing: RSA_SIGNING, generate: rsa(4096) },
  ECC_NIST_P256: { usages: ["SIGN_VERIFY"], signing: ["ECDSA_SHA_256"], generate: ec("P-256") },
  ECC_NIST_P384: { usages: ["SIGN_VERIFY"], signing: ["ECDSA_SHA_384"], generate: ec("P-384") },
  ECC_NIST_P521: { usages: ["SIGN_VERIFY"], signing: ["ECDSA_SHA_512"], generate: ec("P-521") },
  ECC_SECG_P256K1: {
    usages: ["SIGN_VERIFY"],
    signing: ["ECDSA_SHA_256"],
    generate: ec("secp256k1"),
  },
};

/** A key with its material: what the operations work with. */
export interface LocalKmsKey extends KmsKeyDeclaration {
  /** Seconds since the epoch, as KMS reports CreationDate. */
  createdAt: number;
  encryptionAlgorithms: readonly string[];
  macAlgorithms: readonly string[];
  signingAlgorithms: readonly string[];
  /** Symmetric or HMAC material. */
  secret?: Buffer;
  /** Asymmetric signing keys. */
  privateKey?: KeyObject;
  publicKey?: KeyObject;
}

interface StoredKey {
  keyId: string;
  keySpec: string;
  keyUsage: string;
  createdAt: number;
  /** base64 of the symmetric or HMAC material, or a PKCS#8 PEM of the private key. */
  material: string;
}

/** The persisted file of a key, named after its id (logical ids are file-name safe). */
function keyFile(dir: string, keyId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(keyId)) throw new Error(`KMS key id "${keyId}" is not a file name`);
  return path.join(dir, `${keyId}.json`);
}

function checkDeclaration(key: KmsKeyDeclaration): SpecInfo {
  const info = SPECS[key.keySpec];
  if (!info) {
    throw new Error(`KMS key ${key.keyId}: KeySpec ${key.keySpec} is not supported locally`);
  }
  if (!info.usages.includes(key.keyUsage)) {
    throw new Error(
      `KMS key ${key.keyId}: KeyUsage ${key.keyUsage} does not go with KeySpec ${key.keySpec}`,
    );
  }
  return info;
}

function fromStored(key: KmsKeyDeclaration, info: SpecInfo, stored: StoredKey): LocalKmsKey {
  const base = {
    ...key,
    createdAt: stored.createdAt,
    encryptionAlgorithms: info.encryption ?? [],
    macAlgorithms: info.mac ?? [],
    signingAlgorithms: info.signing ?? [],
  };
  if (info.generate) {
    const privateKey = createPrivateKey(stored.material);
    return { ...base, privateKey, publicKey: createPublicKey(privateKey) };
  }
  const secret = Buffer.from(stored.material, "base64");
  if (secret.length !== info.bytes) {
    throw new Error(`KMS key ${key.keyId}: stored material is not ${info.bytes} bytes`);
  }
  return { ...base, secret };
}

function newMaterial(info: SpecInfo): string {
  if (info.generate) {
    return info.generate().export({ type: "pkcs8", format: "pem" }).toString();
  }
  return randomBytes(info.bytes ?? 32).toString("base64");
}

/**
 * The template's keys with their material: read from `dir` (one 0600 file per key), created on
 * first start. A key whose spec changed in the template is a new key, as CloudFormation would
 * replace it: the old file is kept beside it as `<id>.replaced-<time>.json`, and data it
 * protected no longer opens.
 */
export async function loadKeys(
  dir: string,
  declarations: readonly KmsKeyDeclaration[],
  now: () => number = Date.now,
): Promise<LocalKmsKey[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keys: LocalKmsKey[] = [];
  for (const key of declarations) {
    const info = checkDeclaration(key);
    const file = keyFile(dir, key.keyId);
    let stored: StoredKey | undefined;
    try {
      stored = JSON.parse(await readFile(file, "utf8")) as StoredKey;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`KMS key ${key.keyId}: ${file} is unreadable; start with --fresh`);
      }
    }
    if (stored && (stored.keySpec !== key.keySpec || stored.keyUsage !== key.keyUsage)) {
      await rename(file, file.replace(/\.json$/, `.replaced-${now()}.json`));
      console.warn(
        `local KMS: key ${key.keyId} is now ${key.keySpec}/${key.keyUsage} (was ${stored.keySpec}/${stored.keyUsage}): new key material`,
      );
      stored = undefined;
    }
    if (!stored) {
      stored = {
        keyId: key.keyId,
        keySpec: key.keySpec,
        keyUsage: key.keyUsage,
        createdAt: Math.floor(now() / 1000),
        material: newMaterial(info),
      };
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(stored), { mode: 0o600 });
      await rename(tmp, file);
    }
    // Files written by hand or by an older version: keep the material private all the same.
    await chmod(file, 0o600);
    keys.push(fromStored(key, info, stored));
  }
  return keys;
}

/** Looks keys up as KMS does: key id, key ARN, alias name or alias ARN. */
export interface KeyRing {
  readonly keys: readonly LocalKmsKey[];
  /** The key `keyId` names. Throws NotFoundException for an unknown key or alias. */
  find(keyId: string): LocalKmsKey;
  /** The ARN a request's KeyId names, for authorization before the key is known to exist. */
  arnOf(keyId: string): string;
  region: string;
  account: string;
}

export function keyRing(keys: readonly LocalKmsKey[], region: string, account: string): KeyRing {
  const byId = new Map<string, LocalKmsKey>();
  const byAlias = new Map<string, LocalKmsKey>();
  for (const key of keys) {
    byId.set(key.keyId, key);
    byId.set(key.arn, key);
    for (const alias of key.aliases) {
      byAlias.set(alias, key);
      byAlias.set(`arn:aws:kms:${region}:${account}:${alias}`, key);
    }
  }
  const arnOf = (keyId: string): string => {
    if (keyId.startsWith("arn:")) return keyId;
    if (keyId.startsWith("alias/")) return `arn:aws:kms:${region}:${account}:${keyId}`;
    return `arn:aws:kms:${region}:${account}:key/${keyId}`;
  };
  return {
    keys,
    region,
    account,
    arnOf,
    find(keyId) {
      const isAlias = keyId.startsWith("alias/") || /^arn:aws:kms:[^:]*:[^:]*:alias\//.test(keyId);
      const key = isAlias ? byAlias.get(keyId) : byId.get(keyId);
      if (key) return key;
      throw isAlias
        ? new KmsError("NotFoundException", `Alias ${arnOf(keyId)} is not found.`)
        : new KmsError("NotFoundException", `Key '${arnOf(keyId)}' does not exist`);
    },
  };
}
