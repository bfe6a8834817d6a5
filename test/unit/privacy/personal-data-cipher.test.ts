/**
 * The personal-data cipher through the project's KMS client (shared/aws/kms.ts) against the
 * local KMS, which verifies its signatures; records crafted by hand use the SDK's client.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyRing, loadKeys } from "../../../local/aws/kms/keys.ts";
import { type LocalKms, startLocalKms } from "../../../local/aws/kms/server.ts";
import { kms as projectKms } from "../../../shared/aws/kms.ts";
import type { PersonalData } from "../../../shared/kernel/types.ts";
import {
  additionalData,
  encryptionContext,
  personalDataCipher,
  SealedDataError,
} from "../../../shared/privacy/adapters/personal-data-cipher.ts";
import type { SealedPersonalData } from "../../../shared/proposals/domain/proposal.ts";
import { ACCOUNT, type FakeCaller, fakeAuthorizer, REGION } from "../../support/local-aws.ts";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/PersonalDataKey`;
const caller: FakeCaller = {
  accessKeyId: "CreateProposal",
  secretAccessKey: "s",
  allow: [`kms:GenerateDataKey ${KEY}`, `kms:Decrypt ${KEY}`],
};
const PERSONAL = { fullName: "Nguyễn Thị A", idNumber: "001190000001" } as unknown as PersonalData;

let dir: string;
let kms: LocalKms;
let client: KMSClient;
let fake: ReturnType<typeof fakeAuthorizer>;
const VARS_KMS = [
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_ENDPOINT_URL_KMS",
];
const saved = Object.fromEntries(VARS_KMS.map((v) => [v, process.env[v]]));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-cipher-"));
  fake = fakeAuthorizer([caller]);
  const keys = await loadKeys(path.join(dir, "kms"), [
    {
      keyId: "PersonalDataKey",
      arn: KEY,
      keySpec: "SYMMETRIC_DEFAULT",
      keyUsage: "ENCRYPT_DECRYPT",
      description: "personal data",
      enabled: true,
      aliases: [],
    },
  ]);
  kms = await startLocalKms({
    port: 0,
    keys: keyRing(keys, REGION, ACCOUNT),
    authorize: fake.authorize,
  });
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = caller.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  process.env.AWS_ENDPOINT_URL_KMS = kms.url;
  client = new KMSClient({
    region: REGION,
    endpoint: kms.url,
    credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  for (const v of VARS_KMS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  client?.destroy();
  await kms?.stop();
  await rm(dir, { recursive: true, force: true });
});

const cipher = () => personalDataCipher({ kms: () => projectKms, keyId: () => KEY });
const P1 = { proposalId: "P-1", field: "personal" } as const;
const P2 = { proposalId: "P-2", field: "personal" } as const;

describe("GIVEN a survivor's personal data sealed for proposal P-1", () => {
  it("THEN it opens for P-1, and KMS saw the proposal and field in the encryption context", async () => {
    const sealed = await cipher().seal(PERSONAL, P1);
    expect(sealed.v).toBe(2);
    expect(JSON.stringify(sealed)).not.toContain("Nguyễn");
    expect(await cipher().unseal(sealed, P1)).toEqual(PERSONAL);
    expect(fake.contexts.some((c) => c["kms:EncryptionContext:proposalId"] === "P-1")).toBe(true);
    expect(fake.contexts.some((c) => c["kms:EncryptionContext:field"] === "personal")).toBe(true);
  });

  it("WHEN the ciphertext is copied into proposal P-2 THEN it does not open there", async () => {
    const sealed = await cipher().seal(PERSONAL, P1);
    await expect(cipher().unseal(sealed, P2)).rejects.toBeInstanceOf(SealedDataError);
  });

  it("WHEN its version mark is removed to pass it off as an older, unbound record THEN it does not open either", async () => {
    const { v: _v, ...stripped } = await cipher().seal(PERSONAL, P1);
    await expect(cipher().unseal(stripped, P1)).rejects.toBeInstanceOf(SealedDataError);
  });

  it("THEN the record's own GCM additional data binds it too, whatever KMS accepts", async () => {
    // A data key that KMS releases for P-1, and a record encrypted with it but bound to P-2:
    // the key opens, the record does not. (Each record has its own data key, so this is a
    // second lock, for the day a data key is ever shared.)
    const dk = await client.send(
      new GenerateDataKeyCommand({
        KeyId: KEY,
        KeySpec: "AES_256",
        EncryptionContext: encryptionContext(P1),
      }),
    );
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", Buffer.from(dk.Plaintext ?? []), iv);
    c.setAAD(additionalData(P2));
    const data = Buffer.concat([c.update(JSON.stringify(PERSONAL), "utf8"), c.final()]);
    const record: SealedPersonalData = {
      v: 2,
      alg: "AES-256-GCM",
      keyId: KEY,
      iv: iv.toString("base64"),
      tag: c.getAuthTag().toString("base64"),
      data: data.toString("base64"),
      edk: Buffer.from(dk.CiphertextBlob ?? []).toString("base64"),
    };
    await expect(cipher().unseal(record, P1)).rejects.toBeInstanceOf(SealedDataError);
    expect(additionalData(P1).equals(additionalData(P2))).toBe(false);
  });
});

describe("GIVEN a record sealed before the binding (constant context, no additional data)", () => {
  it("THEN it stays readable", async () => {
    const dk = await client.send(
      new GenerateDataKeyCommand({
        KeyId: KEY,
        KeySpec: "AES_256",
        EncryptionContext: { purpose: "project8-personal-data" },
      }),
    );
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", Buffer.from(dk.Plaintext ?? []), iv);
    const data = Buffer.concat([c.update(JSON.stringify(PERSONAL), "utf8"), c.final()]);
    const legacy: SealedPersonalData = {
      alg: "AES-256-GCM",
      keyId: KEY,
      iv: iv.toString("base64"),
      tag: c.getAuthTag().toString("base64"),
      data: data.toString("base64"),
      edk: Buffer.from(dk.CiphertextBlob ?? []).toString("base64"),
    };
    expect(await cipher().unseal(legacy, P1)).toEqual(PERSONAL);
    expect(encryptionContext(P1)).toEqual({
      purpose: "project8-personal-data",
      proposalId: "P-1",
      field: "personal",
    });
  });
});
