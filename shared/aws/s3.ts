import { awsRequest, encodePath, uriEncode } from "./aws-request.ts";

/**
 * The S3 operations the functions call (REST-XML: the object is the body, its metadata are
 * headers, errors are `<Error><Code>…`), on the shared signed transport
 * (shared/aws/aws-request.ts). S3 signs the path as sent (each segment encoded once) and the
 * payload's SHA-256, which the transport does.
 *
 * On AWS it uses virtual-hosted addressing (`<bucket>.s3.<region>.amazonaws.com`). Where
 * AWS_ENDPOINT_URL_S3 points at another endpoint (the local stack's S3 gateway on 127.0.0.1),
 * bucket names cannot be host names, so requests use path-style addressing, as the SDK's
 * `forcePathStyle` did: the one setting that differs, read from the environment here and
 * never in handler code.
 */

/** Where an object is: the host's first label and the encoded path (exported for tests). */
export function s3Target(
  bucket: string,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): { hostPrefix: string; path: string } {
  return env.AWS_ENDPOINT_URL_S3
    ? { hostPrefix: "s3", path: `/${uriEncode(bucket)}/${encodePath(key)}` }
    : { hostPrefix: `${bucket}.s3`, path: `/${encodePath(key)}` };
}

export interface PutObjectInput {
  Bucket: string;
  Key: string;
  Body: string | Uint8Array;
  ContentType?: string;
  /** `*`: written only if no object has the key (412 PreconditionFailed otherwise). */
  IfNoneMatch?: string;
  /** Base64 SHA-256 of the body, which S3 checks (BadDigest otherwise). */
  ChecksumSHA256?: string;
  ServerSideEncryption?: "aws:kms";
  SSEKMSKeyId?: string;
}

/** The header each PutObject member is sent in (the S3 model's httpHeader traits). */
const PUT_HEADERS = {
  ContentType: "content-type",
  IfNoneMatch: "if-none-match",
  ChecksumSHA256: "x-amz-checksum-sha256",
  ServerSideEncryption: "x-amz-server-side-encryption",
  SSEKMSKeyId: "x-amz-server-side-encryption-aws-kms-key-id",
} as const;

export async function putObject(input: PutObjectInput): Promise<{ ETag?: string }> {
  const headers: Record<string, string> = { "content-type": "application/octet-stream" };
  for (const [member, header] of Object.entries(PUT_HEADERS)) {
    const value = input[member as keyof typeof PUT_HEADERS];
    if (value !== undefined) headers[header] = value;
  }
  const res = await awsRequest({
    service: "s3",
    endpointVariable: "S3",
    ...s3Target(input.Bucket, input.Key),
    method: "PUT",
    query: { "x-id": "PutObject" },
    headers,
    payload: input.Body,
  });
  const etag = res.headers.etag;
  return typeof etag === "string" ? { ETag: etag } : {};
}

export interface GetObjectOutput {
  Body: Uint8Array;
  ContentLength: number;
  ContentType?: string;
  /** The object was larger than `maxBytes` and was not read (Body is empty). */
  TooLarge: boolean;
}

/**
 * Reads an object; a missing one is an error named NoSuchKey. With `maxBytes`, an object whose
 * Content-Length is larger is not downloaded.
 */
export async function getObject(
  input: { Bucket: string; Key: string },
  options: { maxBytes?: number } = {},
): Promise<GetObjectOutput> {
  const res = await awsRequest({
    service: "s3",
    endpointVariable: "S3",
    ...s3Target(input.Bucket, input.Key),
    method: "GET",
    query: { "x-id": "GetObject" },
    headers: {},
    payload: "",
    ...(options.maxBytes !== undefined ? { maxAnswerBytes: options.maxBytes } : {}),
  });
  const type = res.headers["content-type"];
  return {
    Body: new Uint8Array(res.bytes),
    ContentLength: Number(res.headers["content-length"] ?? res.bytes.length),
    ...(typeof type === "string" ? { ContentType: type } : {}),
    TooLarge: res.tooLarge === true,
  };
}
