/**
 * Presigned S3 URLs (shared/aws/s3-presign.ts) equal, character for character, what
 * @aws-sdk/s3-request-presigner (a dev dependency) makes with the same credentials, time and
 * request, virtual-hosted on AWS and path-style on a local endpoint; and the Lambda credential
 * provider reads the variables the SDK's fromEnv reads.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterEach, describe, expect, it } from "vitest";
import { presignS3Url } from "../../../shared/aws/s3-presign.ts";
import { withEnv } from "../../support/fake-aws.ts";

const REGION = "ap-southeast-1";
const now = new Date("2026-01-02T03:04:05Z");
const BUCKET = "project8-attachments-abc";
const KEY = "pending/P-1/ảnh biên+bản (1).jpg";
let restore: () => void = () => {};
afterEach(() => restore());

const sdkPresigner = (
  credentials: { accessKeyId: string; secretAccessKey: string },
  endpoint?: string,
) =>
  new S3Client({
    region: REGION,
    credentials,
    forcePathStyle: Boolean(endpoint),
    ...(endpoint ? { endpoint } : {}),
    requestChecksumCalculation: "WHEN_REQUIRED",
  });

describe.each([
  ["on AWS (virtual-hosted)", undefined],
  ["on the local gateway (path-style)", "http://127.0.0.1:4569"],
])("GIVEN a presigned URL %s", (_where, endpoint) => {
  it.each([
    [
      "with a session token",
      { accessKeyId: "ASIATEST", secretAccessKey: "s/k+1", sessionToken: "IQo//tok=" },
    ],
    ["without one", { accessKeyId: "AKIATEST", secretAccessKey: "secret" }],
  ])("THEN the upload and the download URLs %s are the SDK's", async (_t, credentials) => {
    restore = withEnv({ AWS_ENDPOINT_URL_S3: endpoint, AWS_ENDPOINT_URL: undefined });
    const sdk = sdkPresigner(credentials, endpoint);
    const put = await getSignedUrl(
      sdk,
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: KEY,
        ContentType: "image/jpeg",
        ContentLength: 5120,
      }),
      {
        expiresIn: 900,
        signableHeaders: new Set(["content-type", "content-length"]),
        signingDate: now,
      },
    );
    const ours = presignS3Url(
      {
        method: "PUT",
        Bucket: BUCKET,
        Key: KEY,
        query: { "x-id": "PutObject" },
        signedHeaders: { "content-type": "image/jpeg", "content-length": "5120" },
        expiresInSeconds: 900,
      },
      { credentials, region: REGION, now },
    );
    expect(ours).toBe(put);
    const get = await getSignedUrl(
      sdk,
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: KEY,
        ResponseContentType: "image/jpeg",
        ResponseContentDisposition: 'attachment; filename="P-1-photo-0a1b2c3d.jpg"',
      }),
      { expiresIn: 300, signingDate: now },
    );
    expect(
      presignS3Url(
        {
          method: "GET",
          Bucket: BUCKET,
          Key: KEY,
          query: {
            "response-content-disposition": 'attachment; filename="P-1-photo-0a1b2c3d.jpg"',
            "response-content-type": "image/jpeg",
            "x-amz-checksum-mode": "ENABLED",
            "x-id": "GetObject",
          },
          expiresInSeconds: 300,
        },
        { credentials, region: REGION, now },
      ),
    ).toBe(get);
    sdk.destroy();
  });
});

describe("GIVEN the function's own credentials", () => {
  it("THEN the presigner signs with them by default, and the Lambda provider reads them as fromEnv does", async () => {
    restore = withEnv({
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: "ASIAROLE",
      AWS_SECRET_ACCESS_KEY: "role-secret",
      AWS_SESSION_TOKEN: "role-token",
      AWS_CREDENTIAL_EXPIRATION: "2026-01-02T09:00:00Z",
      AWS_ACCOUNT_ID: "111122223333",
      AWS_ENDPOINT_URL_S3: undefined,
    });
    const url = new URL(
      presignS3Url({ method: "GET", Bucket: BUCKET, Key: "k", expiresInSeconds: 60 }),
    );
    expect(url.host).toBe(`${BUCKET}.s3.${REGION}.amazonaws.com`);
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(
      new RegExp(`^ASIAROLE/\\d{8}/${REGION}/s3/aws4_request$`),
    );
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("role-token");
    restore();
    restore = withEnv({ AWS_ACCESS_KEY_ID: undefined });
    expect(() =>
      presignS3Url({ method: "GET", Bucket: BUCKET, Key: "k", expiresInSeconds: 60 }),
    ).toThrow(/AWS_ACCESS_KEY_ID/);
  });
});
