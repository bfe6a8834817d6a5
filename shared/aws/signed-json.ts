import { createHash, createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * One SigV4-signed JSON request to an AWS REST-JSON API, with node:crypto and node:http only.
 * For a function that calls one operation of a service (SES v2's SendEmail): the service's
 * SDK client brings its whole model (about 60 kB minified for SES v2) into the bundle and into
 * every cold start. Reads the same standard variables as the SDK: AWS_REGION, the role's
 * credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and the endpoint
 * (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL), so the local stack only changes the URL.
 */
export interface SignedJsonRequest {
  /** The signing name (`ses`). */
  service: string;
  /** The suffix of AWS_ENDPOINT_URL_<…> (`SESV2`). */
  endpointVariable: string;
  /** The default host's first label (`email` → email.<region>.amazonaws.com). */
  hostPrefix: string;
  method: "POST" | "PUT";
  path: string;
  body: unknown;
  /** Attempts in all on throttling, 5xx and network errors (as the SDK's maxAttempts). */
  maxAttempts?: number;
}

/** An error answer of the service, named like the SDK's exceptions (`MessageRejected`). */
export class AwsServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest();

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new AwsServiceError("CredentialsProviderError", `${name} is not set`, 0);
  return v;
}

/** The headers of a signed request (AWS Signature Version 4, header form). */
export function signedHeaders(
  req: { method: string; host: string; path: string; payload: string; service: string },
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region: string,
  now: Date,
): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    host: req.host,
    "x-amz-content-sha256": sha256(req.payload),
    "x-amz-date": amzDate,
  };
  if (creds.sessionToken) headers["x-amz-security-token"] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [
    req.method,
    req.path,
    "",
    ...names.map((n) => `${n}:${headers[n]}`),
    "",
    names.join(";"),
    headers["x-amz-content-sha256"],
  ].join("\n");
  const scope = `${day}/${region}/${req.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key = hmac(`AWS4${creds.secretAccessKey}`, day);
  for (const part of [region, req.service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  payload: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const request = url.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, "content-length": Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            headers: res.headers,
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(payload);
  });
}

/** The error's name as the SDK reads it: x-amzn-errortype, then the body's code or __type. */
function errorOf(status: number, body: string, headers: Record<string, unknown>): AwsServiceError {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {}
  const raw =
    (typeof headers["x-amzn-errortype"] === "string" ? headers["x-amzn-errortype"] : undefined) ??
    (parsed.code as string | undefined) ??
    (parsed.__type as string | undefined) ??
    `Http${status}`;
  const name = raw.split(":")[0]?.split("#").pop() ?? raw;
  const message = String(parsed.message ?? parsed.Message ?? name);
  return new AwsServiceError(name, message, status);
}

const retryable = (e: unknown) =>
  !(e instanceof AwsServiceError) ||
  e.status === 429 ||
  e.status >= 500 ||
  e.name === "TooManyRequestsException" ||
  e.name === "ThrottlingException";

/** Sends the request, retrying as the SDK's standard strategy would; returns the parsed answer. */
export async function signedJson<T>(r: SignedJsonRequest): Promise<T> {
  const region = env("AWS_REGION");
  const base =
    process.env[`AWS_ENDPOINT_URL_${r.endpointVariable}`] ??
    process.env.AWS_ENDPOINT_URL ??
    `https://${r.hostPrefix}.${region}.amazonaws.com`;
  const url = new URL(r.path, base);
  const payload = JSON.stringify(r.body);
  const attempts = r.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const creds = {
        accessKeyId: env("AWS_ACCESS_KEY_ID"),
        secretAccessKey: env("AWS_SECRET_ACCESS_KEY"),
        ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
      };
      const headers = signedHeaders(
        { method: r.method, host: url.host, path: url.pathname, payload, service: r.service },
        creds,
        region,
        new Date(),
      );
      const res = await send(url, r.method, headers, payload);
      if (res.status >= 200 && res.status < 300) return (res.body ? JSON.parse(res.body) : {}) as T;
      throw errorOf(res.status, res.body, res.headers);
    } catch (e) {
      if (attempt >= attempts || !retryable(e)) throw e;
      await new Promise((ok) =>
        setTimeout(ok, Math.random() * Math.min(20_000, 100 * 2 ** attempt)),
      );
    }
  }
}
