import { getObject, putObject } from "../../aws/s3.ts";
import { presignS3Url } from "../../aws/s3-presign.ts";
import { config } from "../../config.ts";
import type { AttachmentFiles } from "../ports.ts";

const missing = (err: unknown) => {
  const name = (err as Error | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound";
};

/**
 * The attachments bucket. Presigned URLs are signed with the function's own credentials, so S3
 * authorizes the browser's request as the function's role (on AWS and on the local gateway);
 * only the endpoint differs locally (AWS_ENDPOINT_URL_S3, path-style: shared/aws/s3.ts). The
 * URLs carry the parameters the SDK's presigner put in them (`x-id`, checksum mode).
 */
export const s3AttachmentFiles: AttachmentFiles = {
  async presignUpload(key, file, seconds) {
    const url = presignS3Url({
      method: "PUT",
      Bucket: config.attachmentsBucket,
      Key: key,
      query: { "x-id": "PutObject" },
      // Signed headers: the browser must send exactly this type and this many bytes.
      signedHeaders: { "content-type": file.contentType, "content-length": String(file.size) },
      expiresInSeconds: seconds,
    });
    return { url, method: "PUT", headers: { "content-type": file.contentType } };
  },
  async readUpload(key, maxBytes) {
    try {
      const res = await getObject({ Bucket: config.attachmentsBucket, Key: key }, { maxBytes });
      if (res.TooLarge || res.ContentLength > maxBytes) return new Uint8Array(maxBytes);
      return res.Body;
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  },
  async store(key, bytes, file) {
    await putObject({
      Bucket: config.attachmentsBucket,
      Key: key,
      Body: bytes,
      ContentType: file.contentType,
      ChecksumSHA256: Buffer.from(file.sha256, "hex").toString("base64"),
      ...(file.sealed
        ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: config.personalDataKeyId }
        : {}),
    });
  },
  async presignDownload(key, file, seconds) {
    const url = presignS3Url({
      method: "GET",
      Bucket: config.attachmentsBucket,
      Key: key,
      query: {
        "response-content-disposition": `attachment; filename="${file.filename}"`,
        "response-content-type": file.contentType,
        "x-amz-checksum-mode": "ENABLED",
        "x-id": "GetObject",
      },
      expiresInSeconds: seconds,
    });
    return { url, method: "GET", headers: {} };
  },
};
