/**
 * Signature Version 4 verification for the local AWS services: finds who sent a request and
 * checks that it was signed with that principal's secret, as AWS does before it looks at any
 * policy ("Authenticating Requests (AWS Signature Version 4)", "Create a signed AWS API
 * request"). Both forms: the `Authorization` header, and query parameters (presigned URLs).
 *
 * The canonical request is rebuilt from what arrived (method, path, query, the signed headers,
 * the payload's SHA-256) exactly as the SDK's signer builds it, and the signature recomputed
 * with the key derived from the secret, date, region and service.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { CredentialStore, Principal } from "./credentials.ts";

export interface SignedRequest {
  method: string;
  /** Path and query string as received (`req.url`). */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body; without it only an `x-amz-content-sha256` header can stand for the payload. */
  body?: Buffer | string;
}

export interface VerifyOptions {
  /** The signing name the request must be scoped to: `dynamodb`, `states`, `s3`. */
  service: string;
  region: string;
  /** Real time, not the stack's controllable clock: the SDK signs with the machine's clock. */
  nowMs?: number;
  /** S3 signs the path as sent; every other service normalises and encodes it again. */
  uriEscapePath?: boolean;
}

export type VerifyFailure = {
  ok: false;
  /** The AWS error code for the JSON protocols. */
  code:
    | "MissingAuthenticationTokenException"
    | "IncompleteSignatureException"
    | "UnrecognizedClientException"
    | "InvalidSignatureException";
  message: string;
  /** A presigned URL past its X-Amz-Expires (S3 answers 403 AccessDenied "Request has expired"). */
  expired?: boolean;
};

export type VerifyResult =
  | { ok: true; principal: Principal; accessKeyId: string; presigned: boolean }
  | VerifyFailure;

const ALGORITHM = "AWS4-HMAC-SHA256";
/** AWS refuses a signature more than 15 minutes away from its own clock. */
const MAX_SKEW_MS = 15 * 60_000;

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as the SDK's `escapeUri` does it. */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function canonicalPath(rawPath: string, uriEscapePath: boolean): string {
  if (!uriEscapePath) return rawPath;
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment.length === 0 || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `${rawPath.startsWith("/") ? "/" : ""}${segments.join("/")}${
    segments.length > 0 && rawPath.endsWith("/") ? "/" : ""
  }`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split("&")
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf("=");
      return eq < 0
        ? [safeDecode(p), ""]
        : [safeDecode(p.slice(0, eq)), safeDecode(p.slice(eq + 1))];
    });
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .filter(([k]) => k.toLowerCase() !== "x-amz-signature")
    .map(([k, v]) => [escapeUri(k), escapeUri(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v.join(",") : v).trim().replace(/\s+/g, " ");
}

/** `20260101T000000Z` → epoch ms, or NaN. */
function amzDateMs(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(
    +(m[1] ?? 0),
    +(m[2] ?? 1) - 1,
    +(m[3] ?? 0),
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
  );
}

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");

interface Parsed {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  date: string;
  sessionToken?: string;
  presigned: boolean;
  expiresSeconds?: number;
}

const fail = (code: VerifyFailure["code"], message: string, extra: Partial<VerifyFailure> = {}) =>
  ({ ok: false, code, message, ...extra }) as VerifyFailure;

function parse(req: SignedRequest, pairs: [string, string][]): Parsed | VerifyFailure {
  const q = new Map(pairs.map(([k, v]) => [k.toLowerCase(), v]));
  const auth = headerValue(req.headers, "authorization");
  if (q.get("x-amz-algorithm") !== undefined && !auth) {
    if (q.get("x-amz-algorithm") !== ALGORITHM) {
      return fail(
        "IncompleteSignatureException",
        `Unsupported algorithm ${q.get("x-amz-algorithm")}`,
      );
    }
    const credential = (q.get("x-amz-credential") ?? "").split("/");
    const expires = Number(q.get("x-amz-expires") ?? "");
    const token = q.get("x-amz-security-token");
    return {
      accessKeyId: credential[0] ?? "",
      scopeDate: credential[1] ?? "",
      region: credential[2] ?? "",
      service: credential[3] ?? "",
      signedHeaders: (q.get("x-amz-signedheaders") ?? "").split(";").filter(Boolean),
      signature: q.get("x-amz-signature") ?? "",
      date: q.get("x-amz-date") ?? "",
      presigned: true,
      ...(Number.isFinite(expires) ? { expiresSeconds: expires } : {}),
      ...(token !== undefined ? { sessionToken: token } : {}),
    };
  }
  if (!auth) {
    return fail("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  }
  if (!auth.startsWith(`${ALGORITHM} `)) {
    return fail(
      "IncompleteSignatureException",
      `Authorization header requires '${ALGORITHM}' as its algorithm.`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of auth.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential")?.split("/");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (credential?.length !== 5 || !signedHeaders || !signature) {
    return fail(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
    );
  }
  const token = headerValue(req.headers, "x-amz-security-token");
  return {
    accessKeyId: credential[0] ?? "",
    scopeDate: credential[1] ?? "",
    region: credential[2] ?? "",
    service: credential[3] ?? "",
    signedHeaders: signedHeaders.split(";"),
    signature,
    date: headerValue(req.headers, "x-amz-date") ?? "",
    presigned: false,
    ...(token !== undefined ? { sessionToken: token } : {}),
  };
}

const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
    if (signingKeys.size > 1000) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/** Identifies the caller of a request and checks its signature. */
export function verifySigV4(
  req: SignedRequest,
  store: CredentialStore,
  opts: VerifyOptions,
): VerifyResult {
  const url = req.url;
  const qIndex = url.indexOf("?");
  const rawPath = qIndex < 0 ? url : url.slice(0, qIndex);
  const pairs = queryPairs(qIndex < 0 ? "" : url.slice(qIndex + 1));
  const parsed = parse(req, pairs);
  if ("ok" in parsed) return parsed;

  const entry = store.lookup(parsed.accessKeyId);
  if (!entry) {
    return fail(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (entry.sessionToken !== undefined && parsed.sessionToken !== entry.sessionToken) {
    return fail(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (parsed.service !== opts.service) {
    return fail(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${opts.service}'.`,
    );
  }
  if (parsed.region !== opts.region) {
    return fail("InvalidSignatureException", "Credential should be scoped to a valid region.");
  }
  const signedAt = amzDateMs(parsed.date);
  if (Number.isNaN(signedAt)) {
    return fail(
      "IncompleteSignatureException",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (parsed.scopeDate !== parsed.date.slice(0, 8)) {
    return fail(
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.scopeDate}' != '${parsed.date.slice(0, 8)}', from '${parsed.date}'.`,
    );
  }
  const now = opts.nowMs ?? Date.now();
  if (parsed.presigned) {
    if (parsed.expiresSeconds !== undefined && now > signedAt + parsed.expiresSeconds * 1000) {
      return fail("InvalidSignatureException", "Request has expired", { expired: true });
    }
  } else if (signedAt < now - MAX_SKEW_MS) {
    return fail(
      "InvalidSignatureException",
      `Signature expired: ${parsed.date} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`,
    );
  } else if (signedAt > now + MAX_SKEW_MS) {
    return fail(
      "InvalidSignatureException",
      `Signature not yet current: ${parsed.date} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`,
    );
  }

  const headerLines: string[] = [];
  for (const name of parsed.signedHeaders) {
    const value = headerValue(req.headers, name);
    headerLines.push(`${name}:${value ?? ""}`);
  }
  const declaredHash = headerValue(req.headers, "x-amz-content-sha256");
  const payloadHash =
    declaredHash ??
    (parsed.presigned && opts.service === "s3"
      ? "UNSIGNED-PAYLOAD"
      : req.body !== undefined
        ? sha256(req.body)
        : undefined);
  if (payloadHash === undefined) {
    return fail("InvalidSignatureException", "the request body is needed to verify the signature");
  }
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(rawPath, opts.uriEscapePath ?? opts.service !== "s3"),
    canonicalQuery(pairs),
    `${headerLines.join("\n")}\n`,
    parsed.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${parsed.scopeDate}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parsed.date, scope, sha256(canonicalRequest)].join("\n");
  const expected = createHmac(
    "sha256",
    signingKey(entry.secretAccessKey, parsed.scopeDate, parsed.region, parsed.service),
  )
    .update(stringToSign)
    .digest();
  const given = Buffer.from(parsed.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  return {
    ok: true,
    principal: entry.principal,
    accessKeyId: parsed.accessKeyId,
    presigned: parsed.presigned,
  };
}
