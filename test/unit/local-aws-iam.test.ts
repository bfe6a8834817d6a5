/**
 * The adapter from the stack's IAM authorizer (identify + authorize) to the local services'
 * Authorize: principals, refusals and the request context reach the evaluator as AWS names them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DescribeKeyCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fromIamAuthorizer,
  type IamAuthorizerLike,
  type IamPrincipalLike,
} from "../../local/aws/iam-authorize.ts";
import { keyRing, loadKeys } from "../../local/aws/kms/keys.ts";
import { type LocalKms, startLocalKms } from "../../local/aws/kms/server.ts";
import { ACCOUNT, REGION } from "../support/local-aws.ts";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/PersonalDataKey`;
const seen: { action: string; resource: string; context?: unknown }[] = [];

/** A stand-in with the authorizer's shape: the access key id is the role name. */
const iam: IamAuthorizerLike<IamPrincipalLike & { role: string }> = {
  identify(req) {
    const auth = String(req.headers.authorization ?? "");
    const role = /Credential=([^/]+)\//.exec(auth)?.[1];
    if (!role) return { ok: false, code: "MissingAuthenticationTokenException", message: "none" };
    if (role === "Unknown") {
      return { ok: false, code: "UnrecognizedClientException", message: "invalid token" };
    }
    return {
      ok: true,
      principal: { role, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${role}` },
    };
  },
  authorize(principal, requests) {
    for (const r of requests) {
      seen.push(r);
      if (principal.role === "Reader" && r.action !== "kms:DescribeKey") {
        return {
          allowed: false,
          request: r,
          message: `User: ${principal.arn} is not authorized to perform: ${r.action} on resource: ${r.resource}`,
        };
      }
    }
    return { allowed: true };
  },
};

let dir: string;
let kms: LocalKms;
const client = (role: string) =>
  new KMSClient({
    region: REGION,
    endpoint: kms.url,
    credentials: { accessKeyId: role, secretAccessKey: "x" },
    maxAttempts: 1,
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-kms-iam-"));
  const keys = await loadKeys(dir, [
    {
      keyId: "PersonalDataKey",
      arn: KEY,
      keySpec: "SYMMETRIC_DEFAULT",
      keyUsage: "ENCRYPT_DECRYPT",
      description: "",
      enabled: true,
      aliases: [],
    },
  ]);
  kms = await startLocalKms({
    port: 0,
    keys: keyRing(keys, REGION, ACCOUNT),
    authorize: fromIamAuthorizer(iam),
  });
});

afterAll(async () => {
  await kms.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("GIVEN the stack's IAM authorizer behind the local KMS", () => {
  it("THEN an allowed role's call runs with its context, a refused one is AccessDeniedException with the evaluator's words", async () => {
    const writer = client("CreateProposal");
    await writer.send(
      new EncryptCommand({
        KeyId: KEY,
        Plaintext: new Uint8Array([1]),
        EncryptionContext: { proposalId: "P-1" },
      }),
    );
    expect(seen.at(-1)).toMatchObject({
      action: "kms:Encrypt",
      resource: KEY,
      context: { "kms:EncryptionContext:proposalId": "P-1" },
    });
    const reader = client("Reader");
    await expect(reader.send(new DescribeKeyCommand({ KeyId: KEY }))).resolves.toBeDefined();
    const denied = await reader
      .send(new EncryptCommand({ KeyId: KEY, Plaintext: new Uint8Array([1]) }))
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ name: "AccessDeniedException" });
    expect(String((denied as Error).message)).toContain(`kms:Encrypt on resource: ${KEY}`);
    writer.destroy();
    reader.destroy();
  });

  it("THEN an unknown access key is UnrecognizedClientException", async () => {
    const unknown = client("Unknown");
    await expect(unknown.send(new DescribeKeyCommand({ KeyId: KEY }))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
    unknown.destroy();
  });
});
