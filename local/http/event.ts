import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import type { JWTPayload } from "jose";
import { LOCAL_ACCOUNT } from "../template/types.ts";

export interface MatchedRequest {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  routeKey: string;
  pathParameters: Record<string, string>;
  /** Verified claims on JWT routes; absent on public routes. */
  claims?: JWTPayload;
  apiId: string;
}

/** API Gateway's own request id shape: 16 characters, base64-ish. */
const requestId = () => randomBytes(12).toString("base64").replace(/[+/=]/g, "A").slice(0, 16);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "12/Mar/2020:19:03:58 +0000", the format of requestContext.time. */
export function requestTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * Claims as the HTTP API JWT authorizer passes them: every value a string, arrays written
 * as "[a b]" (so `cognito:groups` arrives as "[approver]").
 */
export function authorizerClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.map(String).join(" ")}]`;
    else if (typeof value === "object" && value !== null) claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

/**
 * Bodies passed as UTF-8 text; everything else is base64, as API Gateway does. A multipart form
 * is binary (a file part is any bytes): API Gateway base64-encodes it.
 */
const TEXT_TYPES =
  /^(text\/|application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml|javascript))/i;

/** Builds the HTTP API payload format 2.0 event for one request. */
export function buildEvent(m: MatchedRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = m.req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? "").toLowerCase();
    const value = raw[i + 1] ?? "";
    // API Gateway moves cookies out of the headers into their own field.
    if (name === "cookie") {
      cookies.push(
        ...value
          .split(";")
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of m.url.searchParams) {
    query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  }
  const now = Date.now();
  const host = headers.host ?? "127.0.0.1";
  const contentType = headers["content-type"] ?? "";
  const isText = m.body.length === 0 || contentType === "" || TEXT_TYPES.test(contentType);
  const sourceIp = (m.req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  const event = {
    version: "2.0",
    routeKey: m.routeKey,
    rawPath: m.url.pathname,
    rawQueryString: m.url.search.replace(/^\?/, ""),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(m.pathParameters).length > 0 ? { pathParameters: m.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: m.apiId,
      ...(m.claims
        ? { authorizer: { jwt: { claims: authorizerClaims(m.claims), scopes: null } } }
        : {}),
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
      http: {
        method: m.req.method ?? "GET",
        path: m.url.pathname,
        protocol: `HTTP/${m.req.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: requestId(),
      routeKey: m.routeKey,
      stage: "$default",
      time: requestTime(now),
      timeEpoch: now,
    },
    ...(m.body.length > 0
      ? { body: isText ? m.body.toString("utf8") : m.body.toString("base64") }
      : {}),
    isBase64Encoded: m.body.length > 0 && !isText,
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
