import type { AccessCheck, ConditionValues } from "../authorize.ts";

/**
 * Which IAM actions an S3 REST request needs, on which resources, after the service
 * authorization reference for Amazon S3: object actions on `arn:aws:s3:::bucket/key`, bucket
 * actions on `arn:aws:s3:::bucket`. Path-style addressing only (`forcePathStyle`).
 */

export interface S3Target {
  /** Empty for the service (ListBuckets). */
  bucket: string;
  /** Decoded object key; empty for a bucket-level request. */
  key: string;
  query: URLSearchParams;
}

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** Bucket and key of a path-style request target. */
export function targetOf(url: string): S3Target {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
  const [, rawBucket = "", ...rest] = rawPath.split("/");
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return { bucket: decode(rawBucket), key: decode(rest.join("/")), query };
}

type Table = Readonly<Record<string, string>>;

const BUCKET_GET: Table = {
  acl: "GetBucketAcl",
  cors: "GetBucketCORS",
  encryption: "GetEncryptionConfiguration",
  lifecycle: "GetLifecycleConfiguration",
  location: "GetBucketLocation",
  logging: "GetBucketLogging",
  notification: "GetBucketNotification",
  "object-lock": "GetBucketObjectLockConfiguration",
  ownershipControls: "GetBucketOwnershipControls",
  policy: "GetBucketPolicy",
  publicAccessBlock: "GetBucketPublicAccessBlock",
  tagging: "GetBucketTagging",
  uploads: "ListBucketMultipartUploads",
  versioning: "GetBucketVersioning",
  versions: "ListBucketVersions",
  website: "GetBucketWebsite",
};
const BUCKET_PUT: Table = {
  acl: "PutBucketAcl",
  cors: "PutBucketCORS",
  encryption: "PutEncryptionConfiguration",
  lifecycle: "PutLifecycleConfiguration",
  "object-lock": "PutBucketObjectLockConfiguration",
  ownershipControls: "PutBucketOwnershipControls",
  policy: "PutBucketPolicy",
  publicAccessBlock: "PutBucketPublicAccessBlock",
  tagging: "PutBucketTagging",
  versioning: "PutBucketVersioning",
  website: "PutBucketWebsite",
};
const BUCKET_DELETE: Table = {
  cors: "PutBucketCORS",
  encryption: "PutEncryptionConfiguration",
  lifecycle: "PutLifecycleConfiguration",
  ownershipControls: "PutBucketOwnershipControls",
  policy: "DeleteBucketPolicy",
  publicAccessBlock: "PutBucketPublicAccessBlock",
  tagging: "PutBucketTagging",
  website: "DeleteBucketWebsite",
};
const OBJECT_GET: Table = {
  acl: "GetObjectAcl",
  attributes: "GetObjectAttributes",
  "legal-hold": "GetObjectLegalHold",
  retention: "GetObjectRetention",
  tagging: "GetObjectTagging",
  torrent: "GetObjectTorrent",
  uploadId: "ListMultipartUploadParts",
};
const OBJECT_PUT: Table = {
  acl: "PutObjectAcl",
  "legal-hold": "PutObjectLegalHold",
  retention: "PutObjectRetention",
  tagging: "PutObjectTagging",
};
/** Object actions that have a `…Version…` form when the request names a versionId. */
const VERSIONED: Table = {
  GetObject: "GetObjectVersion",
  GetObjectAcl: "GetObjectVersionAcl",
  GetObjectTagging: "GetObjectVersionTagging",
  PutObjectAcl: "PutObjectVersionAcl",
  PutObjectTagging: "PutObjectVersionTagging",
  DeleteObject: "DeleteObjectVersion",
  DeleteObjectTagging: "DeleteObjectVersionTagging",
};

/** The first sub-resource of `table` the query names. */
function subresource(query: URLSearchParams, table: Table): string | undefined {
  for (const name of query.keys()) {
    const action = table[name];
    if (action) return action;
  }
  return undefined;
}

/** The object a `x-amz-copy-source` header names (`bucket/key` or `/bucket/key`, URL-encoded). */
export function copySourceArn(value: string): string {
  const [path = ""] = value.split("?");
  return `arn:aws:s3:::${decodeURIComponent(path.replace(/^\//, ""))}`;
}

/** The keys of a DeleteObjects (`POST ?delete`) body. */
export function deleteKeys(xml: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  return [...xml.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => decode(m[1] ?? ""));
}

export interface S3Access {
  /** A name for the request, as in AWS's documentation (for errors and logs). */
  operation: string;
  checks: AccessCheck[];
  context: ConditionValues;
}

export class UnsupportedS3Request extends Error {
  override name = "UnsupportedS3Request";
}

/**
 * The actions, resources and condition keys of one request. `headers` are lower-case;
 * `body` is the decoded payload (DeleteObjects lists its keys there).
 */
export function accessOf(
  method: string,
  target: S3Target,
  headers: ReadonlyMap<string, string>,
  body: Buffer,
): S3Access {
  const { bucket, key, query } = target;
  const context: Record<string, string | string[]> = {};
  for (const name of [
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-acl",
    "x-amz-content-sha256",
    "x-amz-storage-class",
    "x-amz-copy-source",
    "x-amz-object-lock-mode",
    "x-amz-object-lock-retain-until-date",
    "x-amz-object-lock-legal-hold",
  ]) {
    const v = headers.get(name) ?? query.get(name) ?? undefined;
    if (v !== undefined) context[`s3:${name.replace(/^x-amz-object-lock-/, "object-lock-")}`] = v;
  }
  const versioned = (action: string) =>
    query.has("versionId") ? (VERSIONED[action] ?? action) : action;
  const one = (operation: string, action: string, resource: string): S3Access => ({
    operation,
    checks: [{ action: `s3:${action}`, resource }],
    context,
  });

  if (bucket === "") {
    if (method === "GET") return one("ListBuckets", "ListAllMyBuckets", "*");
    throw new UnsupportedS3Request(`${method} / is not an S3 operation`);
  }
  const b = bucketArn(bucket);
  if (key === "") {
    if (method === "GET" || method === "HEAD") {
      const sub = method === "GET" ? subresource(query, BUCKET_GET) : undefined;
      if (!sub) {
        for (const name of ["prefix", "delimiter", "max-keys"]) {
          const v = query.get(name);
          if (v !== null) context[`s3:${name}`] = v;
        }
      }
      return one(sub ?? (method === "HEAD" ? "HeadBucket" : "ListObjects"), sub ?? "ListBucket", b);
    }
    if (method === "PUT") {
      const sub = subresource(query, BUCKET_PUT);
      return one(sub ?? "CreateBucket", sub ?? "CreateBucket", b);
    }
    if (method === "DELETE") {
      const sub = subresource(query, BUCKET_DELETE);
      return one(sub ?? "DeleteBucket", sub ?? "DeleteBucket", b);
    }
    if (method === "POST" && query.has("delete")) {
      // DeleteObjects is authorized as s3:DeleteObject on each key it names.
      const keys = deleteKeys(body.toString("utf8"));
      return {
        operation: "DeleteObjects",
        checks: keys.map((k) => ({ action: "s3:DeleteObject", resource: objectArn(bucket, k) })),
        context,
      };
    }
    throw new UnsupportedS3Request(
      `${method} on a bucket (browser POST uploads) is not supported by the local S3 gateway`,
    );
  }
  const o = objectArn(bucket, key);
  if (method === "GET" || method === "HEAD") {
    const sub = method === "GET" ? subresource(query, OBJECT_GET) : undefined;
    const action = versioned(sub ?? "GetObject");
    return one(sub ?? (method === "HEAD" ? "HeadObject" : "GetObject"), action, o);
  }
  if (method === "PUT") {
    const sub = subresource(query, OBJECT_PUT);
    if (sub) return one(sub, versioned(sub), o);
    const operation = query.has("uploadId") ? "UploadPart" : "PutObject";
    const source = headers.get("x-amz-copy-source");
    const checks: AccessCheck[] = [{ action: "s3:PutObject", resource: o }];
    if (source) {
      checks.push({
        action: source.includes("versionId=") ? "s3:GetObjectVersion" : "s3:GetObject",
        resource: copySourceArn(source),
      });
    }
    return { operation: source ? `${operation}Copy` : operation, checks, context };
  }
  if (method === "POST") {
    if (query.has("uploads")) return one("CreateMultipartUpload", "PutObject", o);
    if (query.has("uploadId")) return one("CompleteMultipartUpload", "PutObject", o);
    if (query.has("restore")) return one("RestoreObject", "RestoreObject", o);
    throw new UnsupportedS3Request(`POST on an object is not supported by the local S3 gateway`);
  }
  if (method === "DELETE") {
    if (query.has("uploadId")) return one("AbortMultipartUpload", "AbortMultipartUpload", o);
    if (query.has("tagging"))
      return one("DeleteObjectTagging", versioned("DeleteObjectTagging"), o);
    return one("DeleteObject", versioned("DeleteObject"), o);
  }
  throw new UnsupportedS3Request(`${method} is not an S3 operation`);
}
