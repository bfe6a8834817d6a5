import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { ReceivedRequest } from "./request.ts";

/**
 * AWS Signature Version 4 as a server checks it: the canonical request rebuilt from what was
 * received, the string to sign, and the HMAC chain over the caller's secret. Both forms are
 * checked: the `Authorization` header (SDK clients) and query-string authentication
 * (presigned URLs). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

export interface SigV4Credentials {
  secretAccessKey: string;
  /** The session token the credentials came with; a request must then carry the same one. */
  sessionToken?: string;
}

export interface SigV4Identity {
  accessKeyId: string;
  /** `REST-HEADER` or `REST-QUERY-STRING`, the values of S3's `s3:authType` condition key. */
  authType: "REST-HEADER" | "REST-QUERY-STRING";
  region: string;
  service: string;
  /** When the request was signed. */
  signedAt: Date;
  /** The payload hash the signature covers (`UNSIGNED-PAYLOAD`, `STREAMING-…` or a hex SHA-256). */
  payloadHash: string;
}

/** Why a request is not authenticated, with AWS's error code for it. */
export interface SigV4Failure {
  code:
    | "MissingAuthenticationToken"
    | "IncompleteSignature"
    | "InvalidClientTokenId"
    | "SignatureDoesNotMatch"
    | "RequestExpired"
    | "InvalidSignatureException"
    | "XAmzContentSHA256Mismatch";
  message: string;
}

export type SigV4Result =
  | { ok: true; identity: SigV4Identity }
  | { ok: false; failure: SigV4Failure };

export interface VerifyOptions {
  /** The signing name the service expects (`kms`, `ses`, `s3`). */
  service: string;
  /** The caller's secret for an access key id, or undefined when the key is unknown. */
  credentials(accessKeyId: string): SigV4Credentials | undefined;
  /** Now, for clock skew and presigned expiry. */
  now?: () => number;
  /** Allowed clock skew of a header-signed request (AWS: 15 minutes). */
  skewMs?: number;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const QUERY_AUTH = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
];

const fail = (code: SigV4Failure["code"], message: string): SigV4Result => ({
  ok: false,
  failure: { code, message },
});

/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data).digest();

/** The key SigV4 signs with: HMAC chain over date, region, service. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

/** Parses `20260601T010203Z`. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

/** Header values by lower-case name, from the raw headers (repeated headers joined with ","). */
function headerValues(req: ReceivedRequest): Map<string, string> {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? "").toLowerCase();
    const value = (req.rawHeaders[i + 1] ?? "").trim().replace(/\s+/g, " ");
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return new Map([...values].map(([k, v]) => [k, v.join(",")]));
}

/** The path and the decoded query pairs of a request target, keeping the path as it was sent. */
function splitTarget(url: string): { rawPath: string; query: [string, string][] } {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query: [string, string][] = [];
  if (q >= 0) {
    for (const part of url.slice(q + 1).split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      const rawKey = eq < 0 ? part : part.slice(0, eq);
      const rawValue = eq < 0 ? "" : part.slice(eq + 1);
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, "%20"));
        } catch {
          return s;
        }
      };
      query.push([decode(rawKey), decode(rawValue)]);
    }
  }
  return { rawPath: rawPath === "" ? "/" : rawPath, query };
}

/**
 * The canonical URI: S3 signs the path as sent; every other service signs it once more
 * URI-encoded, segment by segment (the SDK's `uriEscapePath`).
 */
function canonicalUri(rawPath: string, service: string): string {
  if (service === "s3") return rawPath;
  return rawPath
    .split("/")
    .map((segment) => uriEscape(segment))
    .join("/");
}

function canonicalQuery(query: readonly [string, string][]): string {
  return query
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

interface Parsed {
  authType: SigV4Identity["authType"];
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  expiresSeconds?: number;
  sessionToken?: string;
}

function parseCredential(
  credential: string,
): Omit<Parsed, "authType" | "signedHeaders" | "signature" | "amzDate"> | undefined {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") return undefined;
  const [accessKeyId = "", date = "", region = "", service = ""] = parts;
  return { accessKeyId, date, region, service };
}

function parse(
  req: ReceivedRequest,
  headers: Map<string, string>,
  query: [string, string][],
): Parsed | SigV4Failure {
  const authorization = headers.get("authorization");
  const q = new Map(query);
  if (authorization !== undefined) {
    if (q.has("X-Amz-Algorithm")) {
      return { code: "IncompleteSignature", message: "Only one auth mechanism allowed" };
    }
    const space = authorization.indexOf(" ");
    const algorithm = space < 0 ? authorization : authorization.slice(0, space);
    if (algorithm !== ALGORITHM) {
      return {
        code: "IncompleteSignature",
        message: `Unsupported authorization type ${algorithm}`,
      };
    }
    const fields = new Map(
      authorization
        .slice(space + 1)
        .split(",")
        .map((f) => f.trim())
        .map((f) => {
          const eq = f.indexOf("=");
          return [f.slice(0, eq), f.slice(eq + 1)] as const;
        }),
    );
    const credential = parseCredential(fields.get("Credential") ?? "");
    const signedHeaders = fields.get("SignedHeaders");
    const signature = fields.get("Signature");
    const amzDate = headers.get("x-amz-date");
    if (!credential || !signedHeaders || !signature || !amzDate) {
      return {
        code: "IncompleteSignature",
        message:
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters and an X-Amz-Date header",
      };
    }
    const token = headers.get("x-amz-security-token");
    return {
      authType: "REST-HEADER",
      ...credential,
      signedHeaders: signedHeaders.split(";"),
      signature,
      amzDate,
      ...(token ? { sessionToken: token } : {}),
    };
  }
  if (q.has("X-Amz-Algorithm")) {
    const missing = QUERY_AUTH.filter((name) => !q.has(name));
    if (missing.length > 0 || q.get("X-Amz-Algorithm") !== ALGORITHM) {
      return {
        code: "IncompleteSignature",
        message: `Query-string authentication requires ${QUERY_AUTH.join(", ")} (${ALGORITHM})`,
      };
    }
    const credential = parseCredential(q.get("X-Amz-Credential") ?? "");
    if (!credential)
      return { code: "IncompleteSignature", message: "X-Amz-Credential is malformed" };
    const token = q.get("X-Amz-Security-Token");
    return {
      authType: "REST-QUERY-STRING",
      ...credential,
      signedHeaders: (q.get("X-Amz-SignedHeaders") ?? "").split(";"),
      signature: q.get("X-Amz-Signature") ?? "",
      amzDate: q.get("X-Amz-Date") ?? "",
      expiresSeconds: Number(q.get("X-Amz-Expires")),
      ...(token ? { sessionToken: token } : {}),
    };
  }
  void req;
  return {
    code: "MissingAuthenticationToken",
    message: "Request is missing Authentication Token",
  };
}

/**
 * Checks a request's SigV4 signature. `body` is the payload as received; where the signature
 * covers a hex SHA-256 of it, the hash is checked too.
 */
export function verifySigV4(req: ReceivedRequest, opts: VerifyOptions): SigV4Result {
  const headers = headerValues(req);
  const { rawPath, query } = splitTarget(req.url);
  const parsed = parse(req, headers, query);
  if ("code" in parsed) return { ok: false, failure: parsed };
  if (parsed.service !== opts.service) {
    return fail(
      "SignatureDoesNotMatch",
      `Credential should be scoped to correct service: '${opts.service}'.`,
    );
  }
  const signedAt = parseAmzDate(parsed.amzDate);
  if (!signedAt || parsed.amzDate.slice(0, 8) !== parsed.date) {
    return fail("IncompleteSignature", "X-Amz-Date does not match the credential scope's date");
  }
  const now = (opts.now ?? Date.now)();
  if (parsed.authType === "REST-HEADER") {
    if (Math.abs(now - signedAt.getTime()) > (opts.skewMs ?? 15 * 60_000)) {
      return fail(
        opts.service === "s3" ? "RequestExpired" : "InvalidSignatureException",
        "Signature expired: the request time is too far from the server's time",
      );
    }
  } else {
    const expires = parsed.expiresSeconds ?? Number.NaN;
    if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) {
      return fail("IncompleteSignature", "X-Amz-Expires must be between 1 and 604800 seconds");
    }
    if (now > signedAt.getTime() + expires * 1000)
      return fail("RequestExpired", "Request has expired");
    if (signedAt.getTime() - now > 15 * 60_000) {
      return fail("RequestExpired", "Request is not valid yet (signed in the future)");
    }
  }
  if (!parsed.signedHeaders.includes("host")) {
    return fail("SignatureDoesNotMatch", "The host header must be signed");
  }
  const credentials = opts.credentials(parsed.accessKeyId);
  if (!credentials) {
    return fail(
      "InvalidClientTokenId",
      "The security token included in the request is invalid (unknown access key id)",
    );
  }
  if ((credentials.sessionToken ?? "") !== (parsed.sessionToken ?? "")) {
    return fail("InvalidClientTokenId", "The security token included in the request is invalid");
  }

  const payloadHash =
    parsed.authType === "REST-QUERY-STRING"
      ? (new Map(query).get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD")
      : (headers.get("x-amz-content-sha256") ?? sha256Hex(req.body));
  if (/^[0-9a-f]{64}$/i.test(payloadHash) && payloadHash.toLowerCase() !== sha256Hex(req.body)) {
    return fail(
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const signedQuery = query.filter(([k]) => k !== "X-Amz-Signature");
  const canonicalHeaders = parsed.signedHeaders
    .map((name) => `${name}:${headers.get(name) ?? ""}\n`)
    .join("");
  const canonicalRequest = [
    req.method,
    canonicalUri(rawPath, opts.service),
    canonicalQuery(signedQuery),
    canonicalHeaders,
    parsed.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parsed.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const expected = createHmac(
    "sha256",
    signingKey(credentials.secretAccessKey, parsed.date, parsed.region, parsed.service),
  )
    .update(stringToSign)
    .digest();
  const given = Buffer.from(parsed.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  return {
    ok: true,
    identity: {
      accessKeyId: parsed.accessKeyId,
      authType: parsed.authType,
      region: parsed.region,
      service: parsed.service,
      signedAt,
      payloadHash,
    },
  };
}

export interface RequestToSign {
  method: string;
  /** Raw path and query, as it will be sent. */
  url: string;
  /** Lower-case names. `host` must be among them. */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Signs a request with header authentication (what the S3 gateway does before forwarding to
 * s3rver with s3rver's own keys): adds x-amz-date, x-amz-content-sha256 and Authorization.
 */
export function signRequest(
  req: RequestToSign,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
  service: string,
  now: Date = new Date(),
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...req.headers,
    "x-amz-date": amzDate,
    "x-amz-content-sha256": sha256Hex(req.body),
  };
  const { rawPath, query } = splitTarget(req.url);
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const canonicalHeaders = names
    .map((n) => `${n}:${(headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    req.method,
    canonicalUri(rawPath, service),
    canonicalQuery(query),
    canonicalHeaders,
    names.join(";"),
    headers["x-amz-content-sha256"],
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signature = createHmac(
    "sha256",
    signingKey(credentials.secretAccessKey, date, region, service),
  )
    .update(stringToSign)
    .digest("hex");
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}
