/**
 * The local S3 gateway in front of a started s3rver: presigned uploads from fetch, SDK reads
 * and writes with forcePathStyle, and every refusal S3 would give (IAM, SSE-KMS, signatures,
 * checksums, CORS). No stack needed.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LocalServer } from "../../local/aws/request.ts";
import { startS3Gateway } from "../../local/aws/s3/gateway.ts";
import { type S3rverProcess, startS3rver } from "../../local/aws/s3/s3rver.ts";
import { getObject, putObject, s3Target } from "../../shared/aws/s3.ts";
import { presignS3Url } from "../../shared/aws/s3-presign.ts";
import { withEnv } from "../support/fake-aws.ts";
import {
  ACCOUNT,
  credentialsOf,
  type FakeCaller,
  fakeAuthorizer,
  REGION,
} from "../support/local-aws.ts";

const BUCKET = "project8-attachments";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/AttachmentKey`;
const APP = "http://127.0.0.1:3000";

const uploader: FakeCaller = {
  accessKeyId: "CreateUploadUrl",
  secretAccessKey: "u",
  allow: [
    `s3:PutObject arn:aws:s3:::${BUCKET}/proposals/*`,
    `kms:GenerateDataKey ${KEY_ARN}`,
    `s3:ListBucket arn:aws:s3:::${BUCKET}`,
    `s3:DeleteObject arn:aws:s3:::${BUCKET}/proposals/*`,
  ],
};
const reader: FakeCaller = {
  accessKeyId: "GetAttachment",
  secretAccessKey: "r",
  allow: [`s3:GetObject arn:aws:s3:::${BUCKET}/*`, `kms:Decrypt ${KEY_ARN}`],
};
const readerWithoutKey: FakeCaller = {
  accessKeyId: "NoKey",
  secretAccessKey: "n",
  allow: [`s3:GetObject arn:aws:s3:::${BUCKET}/*`],
};

let dir: string;
let s3rver: S3rverProcess;
let gateway: LocalServer;
let fake: ReturnType<typeof fakeAuthorizer>;
const clients: S3Client[] = [];
const clientFor = (caller: FakeCaller, secret = caller.secretAccessKey) => {
  const c = new S3Client({
    region: REGION,
    endpoint: gateway.url,
    forcePathStyle: true,
    credentials: { ...credentialsOf(caller), secretAccessKey: secret },
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-s3-"));
  s3rver = await startS3rver(path.join(dir, "s3"), [BUCKET]);
  fake = fakeAuthorizer([uploader, reader, readerWithoutKey]);
  gateway = await startS3Gateway({
    port: 0,
    upstream: s3rver.url,
    authorize: fake.authorize,
    region: REGION,
    account: ACCOUNT,
    buckets: [
      {
        name: BUCKET,
        kmsKeyArn: KEY_ARN,
        cors: [
          {
            allowedOrigins: ["https://HttpApi.execute-api.ap-southeast-1.amazonaws.com"],
            allowedMethods: ["PUT", "GET"],
            allowedHeaders: ["content-type"],
            exposedHeaders: ["ETag"],
            maxAgeSeconds: 600,
          },
        ],
      },
    ],
    originAliases: { "https://HttpApi.execute-api.ap-southeast-1.amazonaws.com": APP },
  });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await gateway.stop();
  await s3rver.stop();
  await rm(dir, { recursive: true, force: true });
});

const photo = Buffer.from("\xff\xd8\xff\xe0 a small jpeg".repeat(100), "latin1");

async function presignedPut(key: string, expiresIn = 300): Promise<string> {
  // Presigning needs WHEN_REQUIRED: otherwise the SDK signs a CRC32 of an empty body into
  // the URL, and S3 refuses the real upload with BadDigest (tested below).
  const presigner = new S3Client({
    region: REGION,
    endpoint: gateway.url,
    forcePathStyle: true,
    credentials: credentialsOf(uploader),
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  clients.push(presigner);
  return getSignedUrl(
    presigner,
    new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: "image/jpeg" }),
    { expiresIn },
  );
}

describe("GIVEN a presigned PUT WHEN a browser uploads with fetch", () => {
  it("THEN the object is stored and GetObject through the SDK (forcePathStyle) returns it", async () => {
    const url = await presignedPut("proposals/P-1/photo.jpg");
    expect(url.startsWith(`${gateway.url}/${BUCKET}/proposals/P-1/photo.jpg?`)).toBe(true);
    const put = await fetch(url, {
      method: "PUT",
      body: photo,
      headers: { "content-type": "image/jpeg", origin: APP },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe(APP);
    expect(fake.checks.slice(-2)).toEqual([
      expect.objectContaining({
        action: "s3:PutObject",
        resource: `arn:aws:s3:::${BUCKET}/proposals/P-1/photo.jpg`,
      }),
      expect.objectContaining({ action: "kms:GenerateDataKey", resource: KEY_ARN }),
    ]);
    const got = await clientFor(reader).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "proposals/P-1/photo.jpg" }),
    );
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(photo)).toBe(true);
    expect(got.ContentType).toBe("image/jpeg");
    expect(got.ServerSideEncryption).toBe("aws:kms");
  });

  it("THEN a presigned URL used for another key, expired, or anonymous access is refused with 403", async () => {
    const url = await presignedPut("proposals/P-1/a.jpg");
    const other = url.replace("/a.jpg?", "/b.jpg?");
    const forged = await fetch(other, { method: "PUT", body: photo });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const anonymous = await fetch(`${gateway.url}/${BUCKET}/proposals/P-1/photo.jpg`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain("<Code>AccessDenied</Code>");
    const expired = new URL(await presignedPut("proposals/P-1/c.jpg", 1));
    await new Promise((r) => setTimeout(r, 2100));
    const late = await fetch(expired, { method: "PUT", body: photo });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("Request has expired");
  });

  it("THEN a URL presigned with the SDK's default checksum fails with BadDigest, as on AWS", async () => {
    const presigner = clientFor(uploader);
    const url = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: BUCKET, Key: "proposals/P-1/d.jpg" }),
      { expiresIn: 60 },
    );
    const res = await fetch(url, { method: "PUT", body: photo });
    if (url.includes("x-amz-checksum-crc32")) {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("<Code>BadDigest</Code>");
    } else {
      expect(res.status).toBe(200);
    }
  });

  it("THEN CORS preflights follow the bucket's rules (the deployed app's origin stands for the local one)", async () => {
    const preflight = (origin: string, method: string) =>
      fetch(`${gateway.url}/${BUCKET}/proposals/P-1/x.jpg`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": method,
          "access-control-request-headers": "content-type",
        },
      });
    const ok = await preflight(APP, "PUT");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP);
    expect(ok.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(ok.headers.get("access-control-max-age")).toBe("600");
    expect((await preflight("https://evil.example", "PUT")).status).toBe(403);
    expect((await preflight(APP, "DELETE")).status).toBe(403);
  });
});

describe("GIVEN SDK clients with their roles' credentials", () => {
  it("THEN PutObject (buffer and stream bodies) and ListObjectsV2 work for the uploader", async () => {
    const client = clientFor(uploader);
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "proposals/P-2/minutes.pdf", Body: photo }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "proposals/P-2/stream.bin",
        Body: Readable.from([photo.subarray(0, 700), photo.subarray(700)]),
        ContentLength: photo.length,
      }),
    );
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "proposals/P-2/" }),
    );
    expect(listed.Contents?.map((c) => c.Key).sort()).toEqual([
      "proposals/P-2/minutes.pdf",
      "proposals/P-2/stream.bin",
    ]);
    expect(listed.Contents?.find((c) => c.Key?.endsWith("stream.bin"))?.Size).toBe(photo.length);
    expect(fake.contexts.at(-1)).toMatchObject({ "s3:prefix": "proposals/P-2/" });
    const got = await clientFor(reader).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "proposals/P-2/stream.bin" }),
    );
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(photo)).toBe(true);
  });

  it("THEN a role without s3:GetObject, or without kms:Decrypt on the bucket key, is AccessDenied", async () => {
    const denied = await clientFor(uploader)
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: "proposals/P-2/minutes.pdf" }))
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect(String((denied as Error).message)).toContain("s3:GetObject");
    const noKey = await clientFor(readerWithoutKey)
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: "proposals/P-2/minutes.pdf" }))
      .catch((e: unknown) => e);
    expect(noKey).toMatchObject({ name: "AccessDenied" });
    expect(String((noKey as Error).message)).toContain(`kms:Decrypt on resource: ${KEY_ARN}`);
    const outside = await clientFor(uploader)
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: "other/x", Body: "x" }))
      .catch((e: unknown) => e);
    expect(outside).toMatchObject({ name: "AccessDenied" });
  });

  it("THEN DeleteObjects is authorized key by key, and a wrong secret is SignatureDoesNotMatch", async () => {
    const partly = await clientFor(uploader)
      .send(
        new DeleteObjectsCommand({
          Bucket: BUCKET,
          Delete: { Objects: [{ Key: "proposals/P-2/minutes.pdf" }, { Key: "other/x" }] },
        }),
      )
      .catch((e: unknown) => e);
    expect(partly).toMatchObject({ name: "AccessDenied" });
    expect(String((partly as Error).message)).toContain(`arn:aws:s3:::${BUCKET}/other/x`);
    await expect(
      clientFor(reader, "wrong").send(
        new GetObjectCommand({ Bucket: BUCKET, Key: "proposals/P-2/minutes.pdf" }),
      ),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
  });
});

describe("GIVEN the project's own S3 client (shared/aws/s3.ts) against the gateway", () => {
  let restore: () => void = () => {};
  const as = (caller: FakeCaller, secret = caller.secretAccessKey) => {
    restore();
    restore = withEnv({
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: caller.accessKeyId,
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_SESSION_TOKEN: undefined,
      AWS_ENDPOINT_URL_S3: gateway.url,
    });
  };
  afterEach(() => {
    restore();
    restore = () => {};
  });

  it("THEN it addresses path-style exactly when AWS_ENDPOINT_URL_S3 points elsewhere", () => {
    expect(s3Target("b", "k/ệ x.pdf", { AWS_ENDPOINT_URL_S3: gateway.url })).toEqual({
      hostPrefix: "s3",
      path: "/b/k/%E1%BB%87%20x.pdf",
    });
    expect(s3Target("b", "k/ệ x.pdf", {})).toEqual({
      hostPrefix: "b.s3",
      path: "/k/%E1%BB%87%20x.pdf",
    });
  });

  it("THEN its signed PutObject (SSE-KMS, SHA-256 checked) and GetObject pass the gateway's SigV4 and IAM", async () => {
    as(uploader);
    const key = "proposals/P-3/biên bản+1.jpg";
    await putObject({
      Bucket: BUCKET,
      Key: key,
      Body: photo,
      ContentType: "image/jpeg",
      ChecksumSHA256: createHash("sha256").update(photo).digest("base64"),
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: KEY_ARN,
    });
    expect(fake.checks.at(-2)).toMatchObject({
      action: "s3:PutObject",
      resource: `arn:aws:s3:::${BUCKET}/${key}`,
    });
    as(reader);
    const got = await getObject({ Bucket: BUCKET, Key: key });
    expect(Buffer.from(got.Body).equals(photo)).toBe(true);
    expect(got.ContentLength).toBe(photo.length);
    expect(got.ContentType).toBe("image/jpeg");
    const capped = await getObject({ Bucket: BUCKET, Key: key }, { maxBytes: 10 });
    expect(capped).toMatchObject({ TooLarge: true, Body: new Uint8Array() });
  });

  it("THEN S3's XML errors come back with the SDK's names: NoSuchKey, BadDigest, SignatureDoesNotMatch, AccessDenied", async () => {
    as(reader);
    await expect(getObject({ Bucket: BUCKET, Key: "proposals/none.jpg" })).rejects.toMatchObject({
      name: "NoSuchKey",
      $metadata: { httpStatusCode: 404 },
    });
    as(reader, "wrong");
    await expect(getObject({ Bucket: BUCKET, Key: "proposals/none.jpg" })).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
    as(uploader);
    await expect(
      putObject({
        Bucket: BUCKET,
        Key: "proposals/P-3/bad.jpg",
        Body: photo,
        ChecksumSHA256: createHash("sha256").update("other").digest("base64"),
      }),
    ).rejects.toMatchObject({ name: "BadDigest" });
    await expect(
      putObject({ Bucket: BUCKET, Key: "other/x.jpg", Body: photo }),
    ).rejects.toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
  });

  it("THEN its presigned PUT and GET work from fetch, and a changed signed header is refused", async () => {
    as(uploader);
    const key = "proposals/P-4/ảnh 1.jpg";
    const put = presignS3Url({
      method: "PUT",
      Bucket: BUCKET,
      Key: key,
      query: { "x-id": "PutObject" },
      signedHeaders: { "content-type": "image/jpeg", "content-length": String(photo.length) },
      expiresInSeconds: 60,
    });
    const wrongType = await fetch(put, {
      method: "PUT",
      body: photo,
      headers: { "content-type": "image/png" },
    });
    expect(wrongType.status).toBe(403);
    const ok = await fetch(put, {
      method: "PUT",
      body: photo,
      headers: { "content-type": "image/jpeg" },
    });
    expect(ok.status).toBe(200);
    as(reader);
    const get = presignS3Url({
      method: "GET",
      Bucket: BUCKET,
      Key: key,
      query: {
        "response-content-disposition": 'attachment; filename="P-4-photo-1.jpg"',
        "response-content-type": "image/jpeg",
        "x-id": "GetObject",
      },
      expiresInSeconds: 60,
    });
    const res = await fetch(get);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
  });
});
