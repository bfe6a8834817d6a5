/**
 * What every page's Content-Security-Policy needs for the attachment form: the hash of its
 * inline script (attachment-script.ts; a unit test recomputes it, so an edited script without
 * a new hash fails there, not in a browser) and the S3 origin it uploads to. A module of its own
 * so that pages do not bundle the script itself.
 */
export const ATTACHMENT_SCRIPT_CSP = "'sha256-wTclMQ76SYZnUZylEHR4kGU7VyB9/eweYX1HbrO6Y6k='";

/**
 * Where the script may send the file: the S3 endpoint. Locally the gateway's origin (the
 * SDK's endpoint override); on AWS the bucket's virtual-hosted origin in the function's region.
 */
export function attachmentUploadOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const local = env.AWS_ENDPOINT_URL_S3;
  if (local) {
    try {
      return new URL(local).origin;
    } catch {
      return "";
    }
  }
  return `https://*.s3.${env.AWS_REGION ?? "ap-southeast-1"}.amazonaws.com`;
}
