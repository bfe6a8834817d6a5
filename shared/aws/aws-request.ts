import type * as Http from "node:http";
import { createHash, createHmac } from "../kernel/node-crypto.ts";

/**
 * One SigV4-signed request to an AWS API, with node:crypto and node:http(s) only: the transport
 * under the project's own small clients: REST-JSON (signed-json.ts, SES v2's SendEmail), the
 * AWS JSON protocols (json-rpc.ts: KMS, Step Functions, Cognito) and S3's REST-XML (s3.ts;
 * presigned URLs in s3-presign.ts use its signing key and encoding).
 * An SDK v3 client brings @smithy/core and its service model (about 200 kB minified) into every
 * bundle and into every cold start, for the handful of operations the functions call.
 *
 * It reads the same standard variables as the SDK: AWS_REGION, the role's credentials
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: what Lambda gives every
 * function) and the endpoint (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL), so the local
 * stack only changes the URL, and its gateways verify the signature as AWS does.
 */
export interface AwsRequest {
  /** The signing name (`dynamodb`, `kms`, `states`, `cognito-idp`, `ses`). */
  readonly service: string;
  /** The suffix of AWS_ENDPOINT_URL_<…> (`DYNAMODB`, `SESV2`). */
  readonly endpointVariable: string;
  /** The default host's first label (`email` → email.<region>.amazonaws.com). */
  readonly hostPrefix: string;
  readonly method: "GET" | "POST" | "PUT";
  /** The path, each segment URI-encoded as SigV4 wants it (`encodePath`). */
  readonly path: string;
  /** Query parameters, signed with the request (S3's `list-type`, `prefix`). */
  readonly query?: Readonly<Record<string, string>>;
  /** Headers signed with the request (content-type, x-amz-target). */
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string | Uint8Array;
  /** Attempts in all on throttling, 5xx and network errors (as the SDK's maxAttempts). */
  readonly maxAttempts?: number;
  /** Milliseconds without a byte from the service before the attempt is abandoned. */
  readonly timeoutMs?: number;
  /**
   * Sent without a signature: the operations a bearer token authorizes (Cognito's
   * AssociateSoftwareToken, VerifySoftwareToken), which the SDK sends unsigned too.
   */
  readonly unsigned?: boolean;
  /**
   * A 2xx answer whose Content-Length is larger is not read: its body comes back empty and
   * `tooLarge` is set (an S3 object bigger than the caller will take).
   */
  readonly maxAnswerBytes?: number;
}

/**
 * An error answer of the service, named like the SDK's exceptions (`MessageRejected`,
 * `ConditionalCheckFailedException`), with the fields of its body (`CancellationReasons`) and
 * the SDK's `$metadata`, so callers read it as they read the SDK's.
 */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number };
  readonly $fault: "client" | "server";
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
    fields: Record<string, unknown> = {},
    requestId?: string,
  ) {
    super(message);
    Object.assign(this, fields);
    this.$metadata = { httpStatusCode: status, attempts: 1, ...(requestId ? { requestId } : {}) };
    this.$fault = status >= 500 ? "server" : "client";
  }
}

/** How one service turns an error answer into its own exception classes. */
export type ErrorFactory = (
  name: string,
  message: string,
  status: number,
  fields: Record<string, unknown>,
  requestId?: string,
) => AwsServiceError;

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest();

/** The SigV4 signing key: the HMAC chain over the secret, day, region and service. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  let key = hmac(`AWS4${secret}`, day);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  return key;
}

/** `20260102T030405Z`, the form of X-Amz-Date. */
export const amzDateOf = (now: Date) => now.toISOString().replace(/[-:]|\.\d{3}/g, "");

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new AwsServiceError("CredentialsProviderError", `${name} is not set`, 0);
  return v;
}

/** The function's role credentials, read at every call (a test or the local stack may set them). */
export function credentialsFromEnv(): Credentials {
  return {
    accessKeyId: env("AWS_ACCESS_KEY_ID"),
    secretAccessKey: env("AWS_SECRET_ACCESS_KEY"),
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  };
}

/** AWS_REGION, which Lambda sets for every function. */
export const regionFromEnv = () => env("AWS_REGION");

/** The service's base URL: the SDK's endpoint variables first, then the public endpoint. */
export function endpointOf(
  r: Pick<AwsRequest, "endpointVariable" | "hostPrefix">,
  region: string,
): string {
  return (
    process.env[`AWS_ENDPOINT_URL_${r.endpointVariable}`] ??
    process.env.AWS_ENDPOINT_URL ??
    `https://${r.hostPrefix}.${region}.amazonaws.com`
  );
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is escaped. */
export const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** A path of raw segments (an S3 key with spaces or Vietnamese letters), each one encoded. */
export const encodePath = (path: string) => path.split("/").map(uriEncode).join("/");

/** The canonical query string: encoded names and values, sorted by name. */
export const canonicalQuery = (query: Readonly<Record<string, string>> = {}) =>
  Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");

/** The headers of a signed request (AWS Signature Version 4, header form). */
export function signedHeaders(
  req: {
    method: string;
    host: string;
    /** Already encoded (`encodePath`), as sent. */
    path: string;
    query?: Readonly<Record<string, string>>;
    payload: string | Uint8Array;
    service: string;
    headers?: Readonly<Record<string, string>>;
  },
  creds: Credentials,
  region: string,
  now: Date,
): Record<string, string> {
  const amzDate = amzDateOf(now);
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    host: req.host,
    "x-amz-content-sha256": sha256(req.payload),
    "x-amz-date": amzDate,
  };
  if (creds.sessionToken) headers["x-amz-security-token"] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [
    req.method,
    req.path,
    canonicalQuery(req.query),
    ...names.map((n) => `${n}:${String(headers[n]).trim()}`),
    "",
    names.join(";"),
    headers["x-amz-content-sha256"],
  ].join("\n");
  const scope = `${day}/${region}/${req.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = signingKey(creds.secretAccessKey, day, region, req.service);
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}

/** The headers of an unsigned request: the caller's, lower-cased, and the host. */
const unsignedHeaders = (host: string, given: Readonly<Record<string, string>>) => ({
  ...Object.fromEntries(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v])),
  host,
});

/** A service's answer: its body as text (JSON, XML) and as bytes (an S3 object). */
export interface Answer {
  status: number;
  body: string;
  bytes: Buffer;
  headers: Record<string, unknown>;
  /** The body was larger than `maxAnswerBytes` and was not read. */
  tooLarge?: boolean;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  payload: string | Uint8Array,
  timeoutMs: number,
  maxAnswerBytes = Number.POSITIVE_INFINITY,
): Promise<Answer> {
  // Loaded at the first request, not at import: an ES import of node:http builds its whole
  // namespace, whose lazy getters (WebSocket, EventSource) load undici, about 55 ms of a cold
  // start; node:https brings TLS (about 25 ms), which only a call to AWS needs.
  const { request } = process.getBuiltinModule(
    url.protocol === "http:" ? "node:http" : "node:https",
  ) as typeof Http;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, "content-length": Buffer.byteLength(payload) } },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 300 && Number(res.headers["content-length"] ?? 0) > maxAnswerBytes) {
          res.destroy();
          resolve({
            status,
            body: "",
            bytes: Buffer.alloc(0),
            headers: res.headers,
            tooLarge: true,
          });
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            body: bytes.toString("utf8"),
            bytes,
            headers: res.headers,
          });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(Object.assign(new Error("request timed out"), { name: "TimeoutError" })),
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** The text of an XML element (`<Code>`), with the five predefined entities decoded. */
const xmlText = (xml: string, tag: string) =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`)
    .exec(xml)?.[1]
    ?.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) =>
      e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "apos" ? "'" : "&",
    );

/** An error body: JSON (`__type`, `code`, `message`) or S3's XML (`<Code>`, `<Message>`). */
function parsedError(body: string): Record<string, unknown> {
  if (body.trimStart().startsWith("<")) {
    const code = xmlText(body, "Code");
    const message = xmlText(body, "Message");
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  }
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The error's name as the SDK reads it: x-amzn-errortype, then the body's code or __type. */
function errorOf(answer: Omit<Answer, "bytes">, make?: ErrorFactory): AwsServiceError {
  const parsed = parsedError(answer.body);
  const header = answer.headers["x-amzn-errortype"];
  const raw =
    (typeof header === "string" ? header : undefined) ??
    (typeof parsed.code === "string" ? parsed.code : undefined) ??
    (typeof parsed.__type === "string" ? parsed.__type : undefined) ??
    `Http${answer.status}`;
  const name = raw.split(":")[0]?.split("#").pop() ?? raw;
  const message = String(parsed.message ?? parsed.Message ?? name);
  const { __type: _t, message: _m, Message: _M, code: _c, ...fields } = parsed;
  const id = answer.headers["x-amzn-requestid"] ?? answer.headers["x-amz-request-id"];
  const requestId = typeof id === "string" ? id : undefined;
  return (make ?? ((...a) => new AwsServiceError(...a)))(
    name,
    message,
    answer.status,
    fields,
    requestId,
  );
}

/** The SDK's throttling codes (@smithy/service-error-classification), retried with back-off. */
const THROTTLING = new Set([
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const TRANSIENT = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

/** Whether the SDK's standard strategy would try again after this error. */
function isRetryable(e: unknown): boolean {
  if (e instanceof AwsServiceError) {
    return (
      THROTTLING.has(e.name) ||
      TRANSIENT.has(e.name) ||
      e.status === 429 ||
      [500, 502, 503, 504].includes(e.status)
    );
  }
  const err = e as { name?: string; code?: string };
  return TRANSIENT.has(err.name ?? "") || NETWORK.has(err.code ?? "");
}

/**
 * The standard strategy's back-off: full jitter over 2^attempt × base, base 500 ms after
 * throttling and 100 ms otherwise, at most 20 s.
 */
const backOffMs = (e: unknown, attempt: number) =>
  Math.random() *
  Math.min(
    20_000,
    2 ** attempt * (e instanceof AwsServiceError && THROTTLING.has(e.name) ? 500 : 100),
  );

/** Sends the request, retrying as the SDK's standard strategy would; returns the 2xx answer. */
export async function awsRequest(r: AwsRequest, make?: ErrorFactory): Promise<Answer> {
  const region = env("AWS_REGION");
  const url = new URL(r.path, endpointOf(r, region));
  const query = canonicalQuery(r.query);
  url.search = query;
  const attempts = r.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const headers = r.unsigned
        ? unsignedHeaders(url.host, r.headers)
        : signedHeaders(
            {
              method: r.method,
              host: url.host,
              path: url.pathname,
              ...(r.query ? { query: r.query } : {}),
              payload: r.payload,
              service: r.service,
              headers: r.headers,
            },
            credentialsFromEnv(),
            region,
            new Date(),
          );
      const res = await send(
        url,
        r.method,
        headers,
        r.payload,
        r.timeoutMs ?? 10_000,
        r.maxAnswerBytes,
      );
      if (res.status >= 200 && res.status < 300) return res;
      throw errorOf(res, make);
    } catch (e) {
      if (attempt >= attempts || !isRetryable(e)) {
        if (e instanceof AwsServiceError) e.$metadata.attempts = attempt;
        throw e;
      }
      await new Promise((ok) => setTimeout(ok, backOffMs(e, attempt)));
    }
  }
}
