import { randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AccessCheck, Authorization, Authorize } from "../authorize.ts";
import { BodyTooLargeError, type LocalServer, listenLocal, receive } from "../request.ts";
import { signRequest } from "../signing.ts";
import { accessOf, type S3Access, targetOf, UnsupportedS3Request } from "./actions.ts";
import { checksumMismatch } from "./checksums.ts";
import { ChunkedEncodingError, decodeAwsChunked } from "./chunked.ts";
import { S3RVER_CREDENTIALS } from "./s3rver.ts";

/** One rule of a bucket's `CorsConfiguration` in the template. */
export interface CorsRule {
  allowedOrigins: readonly string[];
  allowedMethods: readonly string[];
  allowedHeaders: readonly string[];
  exposedHeaders: readonly string[];
  maxAgeSeconds?: number;
}

/** A bucket as the template declares it (local/template/services.ts reads it). */
export interface BucketDeclaration {
  name: string;
  /** The key of the bucket's default SSE-KMS encryption, if it has one. */
  kmsKeyArn?: string;
  cors: readonly CorsRule[];
}

export interface S3GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  /** The s3rver behind the gateway. */
  upstream: string;
  buckets: readonly BucketDeclaration[];
  authorize: Authorize;
  region: string;
  account: string;
  /**
   * Origins the template names that are something else locally: the deployed API's origin
   * stands for the local HTTP server's, so a bucket's CORS rules for the app allow the local app.
   */
  originAliases?: Readonly<Record<string, string>>;
  /** Largest body accepted in one request (bytes). */
  maxBodyBytes?: number;
}

const AUTH_PARAMS = new Set([
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
]);
/** Headers never forwarded: the caller's signature, hop-by-hop headers, aws-chunked framing. */
const DROPPED = new Set([
  "authorization",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "x-amz-decoded-content-length",
  "x-amz-trailer",
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "expect",
  "origin",
]);

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

class S3Error extends Error {
  override name = "S3Error";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function sendError(res: ServerResponse, method: string, error: S3Error, resource: string): void {
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message><Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(error.status, {
    "content-type": "application/xml",
    "x-amz-request-id": requestId,
    ...(method === "HEAD" ? {} : { "content-length": Buffer.byteLength(body) }),
  });
  res.end(method === "HEAD" ? undefined : body);
}

/** How S3 reports a failed authentication. */
function unauthenticated(code: string, message: string, queryAuth: boolean): S3Error {
  switch (code) {
    case "InvalidClientTokenId":
      return new S3Error(
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        403,
      );
    case "SignatureDoesNotMatch":
      return new S3Error("SignatureDoesNotMatch", message, 403);
    case "RequestExpired":
      return new S3Error("AccessDenied", message, 403);
    case "XAmzContentSHA256Mismatch":
      return new S3Error("XAmzContentSHA256Mismatch", message, 400);
    case "MissingAuthenticationToken":
      // Buckets block public access: anonymous requests are refused.
      return new S3Error("AccessDenied", "Access Denied (anonymous request)", 403);
    default:
      return new S3Error(
        queryAuth ? "AuthorizationQueryParametersError" : "AuthorizationHeaderMalformed",
        message,
        400,
      );
  }
}

function refusal(auth: Exclude<Authorization, { allowed: true }>, queryAuth: boolean): S3Error {
  if (auth.reason === "denied") return new S3Error("AccessDenied", auth.message, 403);
  return unauthenticated(auth.code, auth.message, queryAuth);
}

function headerMap(rawHeaders: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    const previous = map.get(name);
    const value = rawHeaders[i + 1] ?? "";
    map.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return map;
}

/** The request target without query-string authentication. */
function forwardedUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const kept = url
    .slice(q + 1)
    .split("&")
    .filter((part) => {
      if (part === "") return false;
      const name = decodeURIComponent(part.split("=")[0] ?? "");
      return !AUTH_PARAMS.has(name);
    });
  return kept.length > 0 ? `${url.slice(0, q)}?${kept.join("&")}` : url.slice(0, q);
}

const WRITES = new Set(["PutObject", "UploadPart", "CreateMultipartUpload", "PutObjectCopy"]);
const READS = new Set(["GetObject", "HeadObject"]);

/**
 * A bucket with default SSE-KMS needs the caller's KMS permissions too, as on AWS: writing an
 * object needs kms:GenerateDataKey on the key, reading it kms:Decrypt.
 */
function kmsChecks(
  access: S3Access,
  bucket: BucketDeclaration | undefined,
  headers: ReadonlyMap<string, string>,
  region: string,
  account: string,
  objectKeyArn?: string,
): AccessCheck[] {
  const requested = headers.get("x-amz-server-side-encryption-aws-kms-key-id");
  const sse = headers.get("x-amz-server-side-encryption");
  const keyArn = WRITES.has(access.operation)
    ? (requested ?? (sse === "aws:kms" || !sse ? bucket?.kmsKeyArn : undefined))
    : READS.has(access.operation)
      ? (objectKeyArn ?? bucket?.kmsKeyArn)
      : undefined;
  if (!keyArn) return [];
  const arn = keyArn.startsWith("arn:") ? keyArn : `arn:aws:kms:${region}:${account}:key/${keyArn}`;
  const object = access.checks[0]?.resource ?? "";
  const context = {
    "kms:ViaService": `s3.${region}.amazonaws.com`,
    "kms:CallerAccount": account,
    "kms:EncryptionContext:aws:s3:arn": object,
    "kms:EncryptionContextKeys": ["aws:s3:arn"],
  };
  return [
    {
      action: WRITES.has(access.operation) ? "kms:GenerateDataKey" : "kms:Decrypt",
      resource: arn,
      context,
    },
  ];
}

/**
 * s3rver does not encrypt: the key an object was written with (its own SSE-KMS key, when the
 * writer named one) is kept as a metadata entry the gateway never shows, so a read needs
 * kms:Decrypt on that key, as on AWS.
 */
const OBJECT_KEY_META = "x-amz-meta-p8-local-sse-kms-key-id";

const fullKeyArn = (keyArn: string, region: string, account: string) =>
  keyArn.startsWith("arn:") ? keyArn : `arn:aws:kms:${region}:${account}:key/${keyArn}`;

function matchOrigin(pattern: string, origin: string): boolean {
  if (pattern === "*") return true;
  const [head = "", tail = ""] = pattern.split("*", 2);
  return pattern.includes("*")
    ? origin.startsWith(head) && origin.endsWith(tail)
    : pattern === origin;
}

/**
 * The local S3 endpoint that functions and browsers talk to: it authenticates every request
 * (SigV4 header or presigned query), authorizes its S3 actions (and the KMS actions of an
 * SSE-KMS bucket) through `authorize`, checks upload checksums, answers CORS as the template's
 * rules say, and forwards what is allowed to s3rver re-signed with s3rver's keys.
 */
export async function startS3Gateway(opts: S3GatewayOptions): Promise<LocalServer> {
  const buckets = new Map(opts.buckets.map((b) => [b.name, b]));
  const aliases = opts.originAliases ?? {};
  const upstream = new URL(opts.upstream);

  const corsRule = (
    bucket: string,
    origin: string,
    method: string,
    requestHeaders: readonly string[],
  ): CorsRule | undefined =>
    buckets.get(bucket)?.cors.find(
      (rule) =>
        rule.allowedOrigins.some(
          (o) =>
            matchOrigin(o, origin) ||
            // A rule naming the deployed app's origin, or a pattern it matches (the region's
            // API endpoints), allows the local app that stands for it.
            Object.entries(aliases).some(
              ([deployed, local]) => local === origin && matchOrigin(o, deployed),
            ),
        ) &&
        rule.allowedMethods.includes(method) &&
        requestHeaders.every((h) =>
          rule.allowedHeaders.some((a) => a === "*" || a.toLowerCase() === h.toLowerCase()),
        ),
    );

  const corsHeaders = (rule: CorsRule, origin: string): Record<string, string> => ({
    "access-control-allow-origin": rule.allowedOrigins.includes("*") ? "*" : origin,
    ...(rule.exposedHeaders.length > 0
      ? { "access-control-expose-headers": rule.exposedHeaders.join(", ") }
      : {}),
    vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  });

  /** The SSE-KMS key an object was written with, if the writer named one (a HEAD to s3rver). */
  async function objectKeyOf(bucket: string, key: string): Promise<string | undefined> {
    if (!bucket || !key) return undefined;
    const path = `/${encodeURIComponent(bucket)}/${key.split("/").map(encodeURIComponent).join("/")}`;
    const signed = signRequest(
      { method: "HEAD", url: path, headers: { host: upstream.host }, body: Buffer.alloc(0) },
      S3RVER_CREDENTIALS,
      opts.region,
      "s3",
    );
    const res = await new Promise<IncomingMessage | undefined>((resolve) => {
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: "HEAD", path, headers: signed },
        resolve,
      );
      out.once("error", () => resolve(undefined));
      out.end();
    });
    res?.resume();
    const value = res?.headers[OBJECT_KEY_META];
    return typeof value === "string" && value ? value : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const target = targetOf(req.url ?? "/");
    const resource = `/${target.bucket}${target.key ? `/${target.key}` : ""}`;
    const origin = req.headers.origin;

    if (method === "OPTIONS") {
      // A preflight carries no credentials: S3 answers it from the bucket's CORS rules alone.
      const requestedMethod = String(req.headers["access-control-request-method"] ?? "");
      const requestedHeaders = String(req.headers["access-control-request-headers"] ?? "")
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean);
      const rule = origin
        ? corsRule(target.bucket, origin, requestedMethod, requestedHeaders)
        : undefined;
      if (!rule || !origin) {
        sendError(
          res,
          method,
          new S3Error("AccessForbidden", "CORSResponse: This CORS request is not allowed.", 403),
          resource,
        );
        return;
      }
      res.writeHead(200, {
        ...corsHeaders(rule, origin),
        "access-control-allow-methods": rule.allowedMethods.join(", "),
        ...(requestedHeaders.length > 0
          ? { "access-control-allow-headers": requestedHeaders.join(", ") }
          : {}),
        ...(rule.maxAgeSeconds !== undefined
          ? { "access-control-max-age": String(rule.maxAgeSeconds) }
          : {}),
        "content-length": "0",
      });
      res.end();
      return;
    }

    let request: Awaited<ReturnType<typeof receive>>;
    try {
      request = await receive(req, opts.maxBodyBytes ?? 64 * 1024 * 1024);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendError(
          res,
          method,
          new S3Error("EntityTooLarge", "Your proposed upload exceeds the local limit.", 400),
          resource,
        );
        return;
      }
      throw error;
    }
    const headers = headerMap(request.rawHeaders);
    const queryAuth = target.query.has("X-Amz-Algorithm");
    const streaming = (headers.get("x-amz-content-sha256") ?? "").startsWith("STREAMING-");
    let body = request.body;
    let trailers = new Map<string, string>();
    if (streaming || (headers.get("content-encoding") ?? "").includes("aws-chunked")) {
      try {
        ({ body, trailers } = decodeAwsChunked(request.body));
      } catch (error) {
        if (!(error instanceof ChunkedEncodingError)) throw error;
        sendError(res, method, new S3Error("IncompleteBody", error.message, 400), resource);
        return;
      }
    }

    let access: S3Access;
    try {
      access = accessOf(method, target, headers, body);
    } catch (error) {
      if (!(error instanceof UnsupportedS3Request)) throw error;
      sendError(res, method, new S3Error("NotImplemented", error.message, 501), resource);
      return;
    }
    const bucket = buckets.get(target.bucket);
    const objectKeyArn = READS.has(access.operation)
      ? await objectKeyOf(target.bucket, target.key)
      : undefined;
    const auth = await opts.authorize({
      service: "s3",
      request,
      checks: [
        ...access.checks,
        ...kmsChecks(access, bucket, headers, opts.region, opts.account, objectKeyArn),
      ],
      context: {
        ...access.context,
        "s3:authType": queryAuth ? "REST-QUERY-STRING" : "REST-HEADER",
        "s3:signatureversion": "AWS4-HMAC-SHA256",
      },
    });
    if (!auth.allowed) {
      sendError(res, method, refusal(auth, queryAuth), resource);
      return;
    }

    if (access.operation === "PutObject" || access.operation === "UploadPart") {
      const sums = new Map<string, string>();
      for (const [name, value] of [...headers, ...target.query, ...trailers]) {
        if (name.toLowerCase().startsWith("x-amz-checksum-")) sums.set(name.toLowerCase(), value);
      }
      const wrong = checksumMismatch(sums, body);
      if (wrong) {
        sendError(
          res,
          method,
          new S3Error(
            "BadDigest",
            `The ${wrong.toUpperCase()} you specified did not match the calculated checksum.`,
            400,
          ),
          resource,
        );
        return;
      }
    }

    const forward: Record<string, string> = {};
    for (const [name, value] of headers) {
      if (DROPPED.has(name)) continue;
      if (name === "content-encoding") {
        const rest = value
          .split(",")
          .map((v) => v.trim())
          .filter((v) => v !== "aws-chunked");
        if (rest.length > 0) forward[name] = rest.join(",");
        continue;
      }
      forward[name] = value;
    }
    delete forward[OBJECT_KEY_META];
    const requestedKey = headers.get("x-amz-server-side-encryption-aws-kms-key-id");
    if (WRITES.has(access.operation) && requestedKey) {
      forward[OBJECT_KEY_META] = fullKeyArn(requestedKey, opts.region, opts.account);
    }
    forward.host = upstream.host;
    const url = forwardedUrl(request.url);
    const signed = signRequest(
      { method, url, headers: forward, body },
      S3RVER_CREDENTIALS,
      opts.region,
      "s3",
    );
    if (body.length > 0 || method === "PUT" || method === "POST") {
      signed["content-length"] = String(body.length);
    }

    const upstreamRes = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method, path: url, headers: signed },
        resolve,
      );
      out.once("error", reject);
      out.end(body);
    });
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstreamRes.headers)) {
      if (value === undefined || name === "connection" || name === "keep-alive") continue;
      if (name === OBJECT_KEY_META) continue;
      responseHeaders[name] = value;
    }
    const ok = (upstreamRes.statusCode ?? 500) < 300;
    const usedKey = WRITES.has(access.operation)
      ? requestedKey
        ? fullKeyArn(requestedKey, opts.region, opts.account)
        : bucket?.kmsKeyArn
      : READS.has(access.operation)
        ? (objectKeyArn ?? bucket?.kmsKeyArn)
        : undefined;
    if (ok && usedKey) {
      responseHeaders["x-amz-server-side-encryption"] = "aws:kms";
      responseHeaders["x-amz-server-side-encryption-aws-kms-key-id"] = usedKey;
    }
    const rule = origin ? corsRule(target.bucket, origin, method, []) : undefined;
    if (rule && origin) Object.assign(responseHeaders, corsHeaders(rule, origin));
    res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
    upstreamRes.pipe(res);
  }

  return listenLocal(opts.port, handle, (res, error) => {
    console.error("local S3 gateway: internal error", error);
    sendError(
      res,
      "GET",
      new S3Error("InternalError", "We encountered an internal error.", 500),
      "",
    );
  });
}
