import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore } from "../../local/aws/credentials.ts";
import { type VerifyResult, verifySigV4 } from "../../local/aws/sigv4.ts";

/**
 * The SigV4 verifier against what the AWS SDK really signs ("Authenticating Requests: AWS
 * Signature Version 4"): requests from SDK clients reach a server that verifies them.
 */
const store = createCredentialStore();
const creds = store.issue({ name: "TestRole", policies: { identity: [] } }, "TestFunction");
let server: Server;
let endpoint = "";
let last: VerifyResult | undefined;
let clockMs: number | undefined;

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const service = req.url?.startsWith("/bucket") ? "s3" : "dynamodb";
    last = verifySigV4(
      {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: await body(req),
      },
      store,
      { service, region: "ap-southeast-1", ...(clockMs ? { nowMs: clockMs } : {}) },
    );
    if (service === "s3") {
      res.writeHead(200, { "content-type": "text/plain", etag: '"x"' }).end("ok");
    } else {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end('{"TableNames":[]}');
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function callDynamo(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): Promise<VerifyResult | undefined> {
  last = undefined;
  const client = new DynamoDBClient({
    endpoint,
    region: "ap-southeast-1",
    credentials,
    maxAttempts: 1,
  });
  await client.send(new ListTablesCommand({ Limit: 5 }));
  client.destroy();
  return last;
}

describe("GIVEN requests signed by the AWS SDK", () => {
  it("WHEN signed with a role's issued credentials THEN the verifier names that role's session", async () => {
    const result = await callDynamo(creds);
    expect(result).toMatchObject({
      ok: true,
      presigned: false,
      principal: { arn: "arn:aws:sts::000000000000:assumed-role/TestRole/TestFunction" },
    });
  });

  it("WHEN the secret is wrong THEN InvalidSignatureException", async () => {
    expect(await callDynamo({ ...creds, secretAccessKey: "wrong" })).toMatchObject({
      ok: false,
      code: "InvalidSignatureException",
      message: expect.stringMatching(/^The request signature we calculated does not match/),
    });
  });

  it("WHEN the access key is unknown, or the session token is missing or wrong THEN UnrecognizedClientException", async () => {
    for (const c of [
      { ...creds, accessKeyId: "ASIAUNKNOWNKEY000000" },
      { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
      { ...creds, sessionToken: "forged" },
    ]) {
      expect(await callDynamo(c)).toMatchObject({
        ok: false,
        code: "UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
      });
    }
  });

  it("WHEN the signature is more than 15 minutes old THEN InvalidSignatureException: Signature expired", async () => {
    clockMs = Date.now() + 20 * 60_000;
    try {
      const result = await callDynamo(creds);
      expect(result).toMatchObject({ ok: false, code: "InvalidSignatureException" });
      expect(result?.ok === false && result.message).toMatch(
        /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
      );
    } finally {
      clockMs = undefined;
    }
  });

  it("WHEN the body is changed after signing THEN the signature no longer matches", () => {
    const signed = {
      method: "POST",
      url: "/",
      headers: {
        host: "127.0.0.1:1",
        "x-amz-date": "20260601T010000Z",
        authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260601/ap-southeast-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${"0".repeat(64)}`,
        "x-amz-security-token": creds.sessionToken ?? "",
      },
      body: "{}",
    };
    const result = verifySigV4(signed, store, {
      service: "dynamodb",
      region: "ap-southeast-1",
      nowMs: Date.parse("2026-06-01T01:00:00Z"),
    });
    expect(result).toMatchObject({ ok: false, code: "InvalidSignatureException" });
  });

  it("WHEN there is no Authorization at all THEN MissingAuthenticationTokenException", () => {
    expect(
      verifySigV4({ method: "POST", url: "/", headers: {}, body: "{}" }, store, {
        service: "dynamodb",
        region: "ap-southeast-1",
      }),
    ).toMatchObject({ ok: false, code: "MissingAuthenticationTokenException" });
  });

  it("WHEN the request is scoped to another service or region THEN InvalidSignatureException", async () => {
    const s3 = new S3Client({
      endpoint,
      region: "us-east-1",
      credentials: creds,
      forcePathStyle: true,
    });
    await s3
      .send(new PutObjectCommand({ Bucket: "bucket", Key: "k", Body: "x" }))
      .catch(() => undefined);
    expect(last).toMatchObject({
      ok: false,
      message: "Credential should be scoped to a valid region.",
    });
    s3.destroy();
  });
});

describe("GIVEN presigned S3 URLs (query-string signing)", () => {
  const s3 = () =>
    new S3Client({ endpoint, region: "ap-southeast-1", credentials: creds, forcePathStyle: true });

  it("WHEN fetched before X-Amz-Expires THEN the verifier names the signer, even for keys with spaces and diacritics", async () => {
    const url = await getSignedUrl(
      s3(),
      new GetObjectCommand({ Bucket: "bucket", Key: "hồ sơ/ảnh 1+2.jpg" }),
      {
        expiresIn: 60,
      },
    );
    await fetch(url);
    expect(last).toMatchObject({ ok: true, presigned: true, principal: { roleName: "TestRole" } });
  });

  it("WHEN fetched after it expired, or with a changed key THEN it is refused", async () => {
    const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: "bucket", Key: "a.txt" }), {
      expiresIn: 60,
    });
    clockMs = Date.now() + 120_000;
    try {
      await fetch(url);
      expect(last).toMatchObject({ ok: false, expired: true });
    } finally {
      clockMs = undefined;
    }
    await fetch(url.replace("/a.txt", "/b.txt"));
    expect(last).toMatchObject({ ok: false, code: "InvalidSignatureException" });
  });
});
