/** The local KMS through the real SDK client: keys, ciphertexts, MACs, signatures and refusals. */
import { createHash, createHmac, createPublicKey, verify } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
} from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KmsKeyDeclaration, keyRing, loadKeys } from "../../local/aws/kms/keys.ts";
import { type LocalKms, startLocalKms } from "../../local/aws/kms/server.ts";
import {
  ACCOUNT,
  credentialsOf,
  type FakeCaller,
  fakeAuthorizer,
  REGION,
} from "../support/local-aws.ts";

const arn = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const DATA = arn("PersonalDataKey");
const MAC = arn("PseudonymKey");
const SIGN = arn("DigestSigningKey");
const RSA = arn("RsaSigningKey");

const DECLARED: KmsKeyDeclaration[] = [
  {
    keyId: "PersonalDataKey",
    arn: DATA,
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    description: "personal data",
    enabled: true,
    aliases: ["alias/project8/personal-data"],
  },
  {
    keyId: "PseudonymKey",
    arn: MAC,
    keySpec: "HMAC_256",
    keyUsage: "GENERATE_VERIFY_MAC",
    description: "pseudonyms",
    enabled: true,
    aliases: [],
  },
  {
    keyId: "DigestSigningKey",
    arn: SIGN,
    keySpec: "ECC_NIST_P256",
    keyUsage: "SIGN_VERIFY",
    description: "audit digests",
    enabled: true,
    aliases: ["alias/project8/audit-digest"],
  },
  {
    keyId: "RsaSigningKey",
    arn: RSA,
    keySpec: "RSA_2048",
    keyUsage: "SIGN_VERIFY",
    description: "rsa",
    enabled: true,
    aliases: [],
  },
];

const writer: FakeCaller = {
  accessKeyId: "CreateProposal",
  secretAccessKey: "writer-secret",
  allow: [`kms:Encrypt ${DATA}`, `kms:GenerateDataKey ${DATA}`, `kms:GenerateMac ${MAC}`],
};
const reader: FakeCaller = {
  accessKeyId: "GetProposal",
  secretAccessKey: "reader-secret",
  allow: [`kms:Decrypt ${DATA}`, "kms:DescribeKey *"],
};
const signer: FakeCaller = {
  accessKeyId: "AuditDigest",
  secretAccessKey: "signer-secret",
  allow: ["kms:Sign *", "kms:Verify *", "kms:GetPublicKey *", "kms:VerifyMac *"],
  deny: [`kms:Sign ${RSA}`],
};
const rsaSigner: FakeCaller = {
  accessKeyId: "RsaSigner",
  secretAccessKey: "rsa-secret",
  allow: ["kms:Sign *", "kms:GetPublicKey *"],
};

let dir: string;
let kms: LocalKms;
let fake: ReturnType<typeof fakeAuthorizer>;
const clients: KMSClient[] = [];
const clientFor = (caller: FakeCaller, secret = caller.secretAccessKey) => {
  const client = new KMSClient({
    region: REGION,
    endpoint: kms.url,
    credentials: { ...credentialsOf(caller), secretAccessKey: secret },
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
};

async function start(): Promise<LocalKms> {
  const keys = await loadKeys(path.join(dir, "keys", "kms"), DECLARED);
  return startLocalKms({
    port: 0,
    keys: keyRing(keys, REGION, ACCOUNT),
    authorize: fake.authorize,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-kms-"));
  fake = fakeAuthorizer([writer, reader, signer, rsaSigner]);
  kms = await start();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await kms.stop();
  await rm(dir, { recursive: true, force: true });
});

const text = (s: string) => new TextEncoder().encode(s);
const context = { proposalId: "P-1", field: "personal" };

describe("GIVEN the template's symmetric key WHEN data is encrypted and decrypted", () => {
  it("THEN a data key's ciphertext opens with the same context, by alias or ARN, and names its key", async () => {
    const dk = await clientFor(writer).send(
      new GenerateDataKeyCommand({
        KeyId: "alias/project8/personal-data",
        KeySpec: "AES_256",
        EncryptionContext: context,
      }),
    );
    expect(dk.KeyId).toBe(DATA);
    expect(dk.Plaintext?.length).toBe(32);
    const opened = await clientFor(reader).send(
      new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: context }),
    );
    expect(Buffer.from(opened.Plaintext ?? []).equals(Buffer.from(dk.Plaintext ?? []))).toBe(true);
    expect(opened.KeyId).toBe(DATA);
    // Authorized on the key's ARN even when the request named the alias.
    expect(fake.checks).toContainEqual(
      expect.objectContaining({ action: "kms:GenerateDataKey", resource: DATA }),
    );
    expect(fake.contexts.at(-1)).toMatchObject({
      "kms:EncryptionContext:proposalId": "P-1",
      "kms:EncryptionContextKeys": ["proposalId", "field"],
    });
  });

  it("THEN a ciphertext moved to another proposal, or without its context, fails with InvalidCiphertextException", async () => {
    const sealed = await clientFor(writer).send(
      new EncryptCommand({ KeyId: DATA, Plaintext: text("survivor"), EncryptionContext: context }),
    );
    const reading = clientFor(reader);
    for (const other of [{ ...context, proposalId: "P-2" }, { proposalId: "P-1" }, undefined]) {
      await expect(
        reading.send(
          new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: other }),
        ),
      ).rejects.toMatchObject({ name: "InvalidCiphertextException" });
    }
    const tampered = Buffer.from(sealed.CiphertextBlob ?? []);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    await expect(
      reading.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })),
    ).rejects.toMatchObject({ name: "InvalidCiphertextException" });
    await expect(
      reading.send(new DecryptCommand({ CiphertextBlob: text("not a blob at all, sorry") })),
    ).rejects.toMatchObject({ name: "InvalidCiphertextException" });
  });

  it("THEN the key survives a restart: what was sealed before still opens", async () => {
    const sealed = await clientFor(writer).send(
      new EncryptCommand({ KeyId: DATA, Plaintext: text("kept"), EncryptionContext: context }),
    );
    await kms.stop();
    kms = await start();
    const opened = await clientFor(reader).send(
      new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
    );
    expect(Buffer.from(opened.Plaintext ?? []).toString()).toBe("kept");
    const keyDir = path.join(dir, "keys", "kms");
    for (const name of await readdir(keyDir)) {
      expect((await stat(path.join(keyDir, name))).mode & 0o777).toBe(0o600);
    }
  });
});

describe("GIVEN the HMAC and signing keys", () => {
  it("THEN GenerateMac is HMAC-SHA-256 under the key, and VerifyMac refuses a wrong MAC", async () => {
    const a = await clientFor(writer).send(
      new GenerateMacCommand({ KeyId: MAC, MacAlgorithm: "HMAC_SHA_256", Message: text("m") }),
    );
    const b = await clientFor(writer).send(
      new GenerateMacCommand({ KeyId: MAC, MacAlgorithm: "HMAC_SHA_256", Message: text("m") }),
    );
    expect(a.Mac?.length).toBe(32);
    expect(Buffer.from(a.Mac ?? []).equals(Buffer.from(b.Mac ?? []))).toBe(true);
    const ok = await clientFor(signer).send(
      new VerifyMacCommand({
        KeyId: MAC,
        MacAlgorithm: "HMAC_SHA_256",
        Message: text("m"),
        Mac: a.Mac,
      }),
    );
    expect(ok.MacValid).toBe(true);
    await expect(
      clientFor(signer).send(
        new VerifyMacCommand({
          KeyId: MAC,
          MacAlgorithm: "HMAC_SHA_256",
          Message: text("other"),
          Mac: a.Mac,
        }),
      ),
    ).rejects.toMatchObject({ name: "KMSInvalidMacException" });
    const notHmac = createHmac("sha256", "guess").update("m").digest();
    expect(Buffer.from(a.Mac ?? []).equals(notHmac)).toBe(false);
  });

  it("THEN a digest signed with kms:Sign verifies with the public key alone, and through kms:Verify", async () => {
    const client = clientFor(signer);
    const message = text(JSON.stringify({ heads: { "P#1": "abc" } }));
    const signed = await client.send(
      new SignCommand({
        KeyId: "alias/project8/audit-digest",
        Message: message,
        MessageType: "RAW",
        SigningAlgorithm: "ECDSA_SHA_256",
      }),
    );
    const pub = await client.send(new GetPublicKeyCommand({ KeyId: SIGN }));
    expect(pub.KeySpec).toBe("ECC_NIST_P256");
    expect(pub.SigningAlgorithms).toEqual(["ECDSA_SHA_256"]);
    const publicKey = createPublicKey({
      key: Buffer.from(pub.PublicKey ?? []),
      format: "der",
      type: "spki",
    });
    expect(verify("sha256", message, publicKey, Buffer.from(signed.Signature ?? []))).toBe(true);
    expect(
      verify("sha256", text("rewritten"), publicKey, Buffer.from(signed.Signature ?? [])),
    ).toBe(false);
    const checked = await client.send(
      new VerifyCommand({
        KeyId: SIGN,
        Message: message,
        Signature: signed.Signature,
        SigningAlgorithm: "ECDSA_SHA_256",
      }),
    );
    expect(checked.SignatureValid).toBe(true);
    await expect(
      client.send(
        new VerifyCommand({
          KeyId: SIGN,
          Message: text("rewritten"),
          Signature: signed.Signature,
          SigningAlgorithm: "ECDSA_SHA_256",
        }),
      ),
    ).rejects.toMatchObject({ name: "KMSInvalidSignatureException" });
  });

  it("THEN an RSA key verifies a DIGEST-signed message; a wrong algorithm or key usage is refused", async () => {
    const client = clientFor(rsaSigner);
    const digest = createHash("sha256").update("digest file").digest();
    const signed = await client.send(
      new SignCommand({
        KeyId: RSA,
        Message: digest,
        MessageType: "DIGEST",
        SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256",
      }),
    );
    const pub = await client.send(new GetPublicKeyCommand({ KeyId: RSA }));
    const publicKey = createPublicKey({
      key: Buffer.from(pub.PublicKey ?? []),
      format: "der",
      type: "spki",
    });
    expect(
      verify("sha256", text("digest file"), publicKey, Buffer.from(signed.Signature ?? [])),
    ).toBe(true);
    await expect(
      client.send(
        new SignCommand({
          KeyId: SIGN,
          Message: text("m"),
          SigningAlgorithm: "RSASSA_PSS_SHA_256",
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidKeyUsageException" });
    await expect(
      client.send(
        new SignCommand({ KeyId: MAC, Message: text("m"), SigningAlgorithm: "ECDSA_SHA_256" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidKeyUsageException" });
  });
});

describe("GIVEN a caller WHEN it uses a key its role does not allow", () => {
  it("THEN AccessDeniedException names the action and the key ARN, and nothing is done", async () => {
    const sealed = await clientFor(writer).send(
      new EncryptCommand({ KeyId: DATA, Plaintext: text("x"), EncryptionContext: context }),
    );
    const error = await clientFor(writer)
      .send(
        new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AccessDeniedException" });
    expect(String((error as Error).message)).toContain(`kms:Decrypt on resource: ${DATA}`);
    // An explicit Deny wins over an Allow of "*".
    const denied = await clientFor(signer)
      .send(
        new SignCommand({ KeyId: RSA, Message: text("m"), SigningAlgorithm: "RSASSA_PSS_SHA_256" }),
      )
      .catch((e: unknown) => e);
    expect(String((denied as Error).message)).toContain("explicit deny");
  });

  it("THEN a wrong secret or an unknown key id is refused before the key is looked at", async () => {
    await expect(
      clientFor(reader, "wrong").send(new DescribeKeyCommand({ KeyId: DATA })),
    ).rejects.toMatchObject({ name: "InvalidSignatureException" });
    await expect(
      clientFor({ ...reader, accessKeyId: "Nobody" }).send(new DescribeKeyCommand({ KeyId: DATA })),
    ).rejects.toMatchObject({ name: "UnrecognizedClientException" });
  });

  it("THEN an unknown key is NotFoundException and DescribeKey shows the template's key", async () => {
    const client = clientFor(reader);
    await expect(
      client.send(new DescribeKeyCommand({ KeyId: arn("NoSuchKey") })),
    ).rejects.toMatchObject({ name: "NotFoundException" });
    await expect(
      client.send(new DescribeKeyCommand({ KeyId: "alias/nothing" })),
    ).rejects.toMatchObject({ name: "NotFoundException" });
    const described = await client.send(new DescribeKeyCommand({ KeyId: DATA }));
    expect(described.KeyMetadata).toMatchObject({
      Arn: DATA,
      KeyId: "PersonalDataKey",
      KeySpec: "SYMMETRIC_DEFAULT",
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: "Enabled",
      AWSAccountId: ACCOUNT,
    });
    expect(described.KeyMetadata?.CreationDate).toBeInstanceOf(Date);
  });
});
