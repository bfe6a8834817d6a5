import { createHash, createHmac } from "../kernel/node-crypto.ts";
import {
  amzDateOf,
  type Credentials,
  canonicalQuery,
  credentialsFromEnv,
  endpointOf,
  regionFromEnv,
  signingKey,
} from "./aws-request.ts";
import { s3Target } from "./s3.ts";

/**
 * Presigned S3 URLs (SigV4 query-string authentication), as @aws-sdk/s3-request-presigner made
 * them: the signature and its parameters (X-Amz-Credential, -Date, -Expires, -SignedHeaders,
 * -Security-Token) in the query, the payload UNSIGNED-PAYLOAD, and no checksum in the URL (the
 * SDK's `requestChecksumCalculation: "WHEN_REQUIRED"`: a CRC32 of an empty body signed into an
 * upload URL makes S3 refuse the browser's upload with BadDigest). The URL is signed with the
 * function's own credentials, so S3 authorizes the browser's request as the function's role.
 */
export interface PresignRequest {
  method: "GET" | "PUT";
  Bucket: string;
  Key: string;
  /** Parameters of the operation (`x-id`, `response-content-type`), signed with the URL. */
  query?: Readonly<Record<string, string>>;
  /** Headers the browser must send exactly (content-type, content-length), signed with `host`. */
  signedHeaders?: Readonly<Record<string, string>>;
  expiresInSeconds: number;
}

const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** The URL; credentials, region and time default to the function's own and now. */
export function presignS3Url(
  r: PresignRequest,
  at: { credentials?: Credentials; region?: string; now?: Date } = {},
): string {
  const creds = at.credentials ?? credentialsFromEnv();
  const region = at.region ?? regionFromEnv();
  const target = s3Target(r.Bucket, r.Key);
  const url = new URL(
    target.path,
    endpointOf({ endpointVariable: "S3", hostPrefix: target.hostPrefix }, region),
  );
  const amzDate = amzDateOf(at.now ?? new Date());
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const headers: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(r.signedHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    host: url.host,
  };
  const names = Object.keys(headers).sort();
  const query: Record<string, string> = {
    ...r.query,
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Content-Sha256": UNSIGNED_PAYLOAD,
    "X-Amz-Credential": `${creds.accessKeyId}/${scope}`,
    "X-Amz-Date": amzDate,
    "X-Amz-Expires": String(r.expiresInSeconds),
    ...(creds.sessionToken ? { "X-Amz-Security-Token": creds.sessionToken } : {}),
    "X-Amz-SignedHeaders": names.join(";"),
  };
  const canonical = [
    r.method,
    url.pathname,
    canonicalQuery(query),
    ...names.map((n) => `${n}:${String(headers[n]).trim()}`),
    "",
    names.join(";"),
    UNSIGNED_PAYLOAD,
  ].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const signature = createHmac("sha256", signingKey(creds.secretAccessKey, day, region, "s3"))
    .update(toSign, "utf8")
    .digest("hex");
  url.search = canonicalQuery({ ...query, "X-Amz-Signature": signature });
  return url.toString();
}
