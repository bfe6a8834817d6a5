/**
 * The buckets of the stateful stack (issue 16 part 1, issue 14): the signed audit digests
 * write-once under Object Lock in compliance mode, the attachments with lifecycle rules and
 * CORS for presigned browser uploads; both private, SSE-KMS with their own key, TLS only.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type CfnResource, resourcesOfType, synthProject } from "./synth.ts";

let data: Template;

beforeAll(() => {
  data = synthProject().dataTemplate;
});

function bucket(template: Template, prefix: string): [string, CfnResource] {
  const found = resourcesOfType(template, "AWS::S3::Bucket").filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(found, prefix).toHaveLength(1);
  return found[0] ?? ["", { Type: "" }];
}

/** The key that encrypts a bucket by default, by its alias. */
function bucketKeyAlias(template: Template, b: CfnResource): string {
  const enc = b.Properties?.BucketEncryption as {
    ServerSideEncryptionConfiguration: {
      BucketKeyEnabled?: boolean;
      ServerSideEncryptionByDefault: {
        SSEAlgorithm: string;
        KMSMasterKeyID?: { "Fn::GetAtt": [string, string] };
      };
    }[];
  };
  const [rule] = enc.ServerSideEncryptionConfiguration;
  expect(rule?.ServerSideEncryptionByDefault.SSEAlgorithm).toBe("aws:kms");
  expect(rule?.BucketKeyEnabled).toBe(true);
  const keyId = rule?.ServerSideEncryptionByDefault.KMSMasterKeyID?.["Fn::GetAtt"][0];
  const alias = resourcesOfType(template, "AWS::KMS::Alias").find(
    ([, a]) =>
      (a.Properties?.TargetKeyId as { "Fn::GetAtt"?: [string] } | undefined)?.[
        "Fn::GetAtt"
      ]?.[0] === keyId,
  );
  return String(alias?.[1].Properties?.AliasName);
}

/** The bucket policy denies every request without TLS. */
function expectTlsOnly(template: Template, bucketId: string): void {
  const policy = resourcesOfType(template, "AWS::S3::BucketPolicy").find(
    ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  const statements =
    (
      policy?.[1].Properties?.PolicyDocument as
        | { Statement?: Record<string, unknown>[] }
        | undefined
    )?.Statement ?? [];
  expect(statements).toContainEqual(
    expect.objectContaining({
      Effect: "Deny",
      Action: "s3:*",
      Principal: { AWS: "*" },
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    }),
  );
}

const privateAccess = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

describe("GIVEN the audit digest bucket WHEN synthesized", () => {
  it("THEN it is versioned with Object Lock in compliance mode, 10 years by default, and retained", () => {
    const [, b] = bucket(data, "AuditDigestBucket");
    expect(b.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 3653 } },
      },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: privateAccess,
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
    expect((b as { DeletionPolicy?: string }).DeletionPolicy).toBe("Retain");
  });

  it("THEN it is encrypted with its own KMS key, logs access and refuses requests without TLS", () => {
    const [id, b] = bucket(data, "AuditDigestBucket");
    expect(bucketKeyAlias(data, b)).toBe("alias/project8/audit-digests");
    expect(b.Properties?.LoggingConfiguration).toMatchObject({ LogFilePrefix: "audit-digests/" });
    expectTlsOnly(data, id);
  });

  it("THEN -c digestRetentionYears sets the compliance retention", () => {
    const [, b] = bucket(
      synthProject(undefined, { digestRetentionYears: "1" }).dataTemplate,
      "AuditDigestBucket",
    );
    expect(b.Properties?.ObjectLockConfiguration).toMatchObject({
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } },
    });
  });
});

describe("GIVEN the attachments bucket WHEN synthesized", () => {
  it("THEN it is private, versioned, encrypted (SSE-KMS) with its own project key and TLS only", () => {
    const [id, b] = bucket(data, "AttachmentsBucket");
    expect(b.Properties).toMatchObject({
      PublicAccessBlockConfiguration: privateAccess,
      VersioningConfiguration: { Status: "Enabled" },
    });
    expect(bucketKeyAlias(data, b)).toBe("alias/project8/attachments");
    expectTlsOnly(data, id);
  });

  it("THEN lifecycle rules abort incomplete uploads, expire unconfirmed ones, move old files to cheaper classes and expire replaced versions", () => {
    const [, b] = bucket(data, "AttachmentsBucket");
    const rules =
      (b.Properties?.LifecycleConfiguration as { Rules?: Record<string, unknown>[] } | undefined)
        ?.Rules ?? [];
    expect(rules).toContainEqual(
      expect.objectContaining({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: "Enabled",
      }),
    );
    // Uploads wait in pending/ for their confirmation; an unconfirmed one expires.
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: "ExpireUnconfirmedUploads",
        Prefix: "pending/",
        ExpirationInDays: 2,
        Status: "Enabled",
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: "files/",
        Transitions: [
          { StorageClass: "STANDARD_IA", TransitionInDays: 90 },
          { StorageClass: "GLACIER_IR", TransitionInDays: 365 },
        ],
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
    );
  });

  it("THEN CORS allows presigned uploads from the app's origin when -c appBaseUrl is given", () => {
    const [, b] = bucket(
      synthProject(undefined, { appBaseUrl: "https://app.example.vn/base" }).dataTemplate,
      "AttachmentsBucket",
    );
    expect(b.Properties?.CorsConfiguration).toEqual({
      CorsRules: [
        expect.objectContaining({
          AllowedMethods: ["PUT", "POST", "GET"],
          AllowedOrigins: ["https://app.example.vn"],
          ExposedHeaders: ["ETag"],
        }),
      ],
    });
  });

  it("THEN without appBaseUrl CORS allows the region's API endpoints (the app's address exists only in the app stack)", () => {
    const [, b] = bucket(data, "AttachmentsBucket");
    const cors = b.Properties?.CorsConfiguration as { CorsRules: { AllowedOrigins: unknown[] }[] };
    expect(cors.CorsRules[0]?.AllowedOrigins).toEqual([
      { "Fn::Join": ["", ["https://*.execute-api.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
    ]);
  });
});

describe("GIVEN the access-log bucket WHEN synthesized", () => {
  it("THEN it is private, TLS only, expires logs and takes S3's log delivery by bucket policy", () => {
    const [id, b] = bucket(data, "AccessLogsBucket");
    expect(b.Properties?.PublicAccessBlockConfiguration).toEqual(privateAccess);
    expect(b.Properties?.AccessControl).toBeUndefined();
    expectTlsOnly(data, id);
    const policy = resourcesOfType(data, "AWS::S3::BucketPolicy").find(
      ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: id }),
    );
    expect(JSON.stringify(policy?.[1].Properties?.PolicyDocument)).toContain(
      "logging.s3.amazonaws.com",
    );
  });
});
