import { S3Client } from "@aws-sdk/client-s3";

/**
 * The one S3 client of a function, created at module scope. On AWS it uses virtual-hosted
 * addressing (`<bucket>.s3.<region>.amazonaws.com`). Where AWS_ENDPOINT_URL_S3 points the SDK
 * at another endpoint (the local stack's S3 gateway on 127.0.0.1), bucket names cannot be host
 * names, so requests use path-style addressing: the one setting that differs, read from the
 * environment here and never in handler code.
 *
 * Presigned uploads: sign with `requestChecksumCalculation: "WHEN_REQUIRED"` (see
 * `presignS3`), otherwise the SDK signs a CRC32 of an empty body into the URL and S3 refuses
 * the browser's upload with BadDigest (the local gateway does too).
 */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({ forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3) });
}

export const s3 = s3ClientFromEnv();

/** The client to presign browser uploads with: same addressing, no checksum in the URL. */
export const presignS3 = new S3Client({
  forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
  requestChecksumCalculation: "WHEN_REQUIRED",
});
