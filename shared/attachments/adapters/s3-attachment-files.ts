import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { presignS3, s3 } from "../../aws/s3.ts";
import { config } from "../../config.ts";
import type { AttachmentFiles } from "../ports.ts";

const missing = (err: unknown) => {
  const name = (err as Error | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound";
};

/**
 * The attachments bucket. Presigned URLs are signed with the function's own credentials, so S3
 * authorizes the browser's request as the function's role (on AWS and on the local gateway);
 * only the endpoint differs locally (AWS_ENDPOINT_URL_S3, path-style: shared/aws/s3.ts).
 */
export const s3AttachmentFiles: AttachmentFiles = {
  async presignUpload(key, file, seconds) {
    const url = await getSignedUrl(
      presignS3,
      new PutObjectCommand({
        Bucket: config.attachmentsBucket,
        Key: key,
        ContentType: file.contentType,
        ContentLength: file.size,
      }),
      // Signed headers: the browser must send exactly this type and this many bytes.
      { expiresIn: seconds, signableHeaders: new Set(["content-type", "content-length"]) },
    );
    return { url, method: "PUT", headers: { "content-type": file.contentType } };
  },
  async readUpload(key, maxBytes) {
    try {
      const res = await s3.send(
        new GetObjectCommand({ Bucket: config.attachmentsBucket, Key: key }),
      );
      if ((res.ContentLength ?? 0) > maxBytes) {
        res.Body?.transformToWebStream().cancel();
        return new Uint8Array(maxBytes);
      }
      return (await res.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  },
  async store(key, bytes, file) {
    await s3.send(
      new PutObjectCommand({
        Bucket: config.attachmentsBucket,
        Key: key,
        Body: bytes,
        ContentType: file.contentType,
        ChecksumSHA256: Buffer.from(file.sha256, "hex").toString("base64"),
        ...(file.sealed
          ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: config.personalDataKeyId }
          : {}),
      }),
    );
  },
  async presignDownload(key, file, seconds) {
    const url = await getSignedUrl(
      presignS3,
      new GetObjectCommand({
        Bucket: config.attachmentsBucket,
        Key: key,
        ResponseContentType: file.contentType,
        ResponseContentDisposition: `attachment; filename="${file.filename}"`,
      }),
      { expiresIn: seconds },
    );
    return { url, method: "GET", headers: {} };
  },
};
