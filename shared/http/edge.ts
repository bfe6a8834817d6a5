/**
 * The edge: turns an API Gateway event into the typed input its route's contract declares, or
 * refuses it with a 4xx that names the problem — before any storage call. Path parameters
 * against their schemas, query strings, If-Match, the body's media type and size, and every
 * string through the text rules of sanitize.ts. Shared by JSON routes and pages.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import type { InputOf, RouteContract } from "../contract/define.ts";
import { pathParamNames } from "../contract/define.ts";
import { idParam } from "../contract/params.ts";
import {
  type FieldError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../kernel/errors.ts";
import { lazy } from "../validation/lazy.ts";
import { sanitizeValue } from "./sanitize.ts";
import { parseValue } from "./validate.ts";

export const DEFAULT_JSON_LIMIT = 64 * 1024;
export const DEFAULT_FORM_LIMIT = 16 * 1024;

/**
 * Any path parameter a route did not give a schema of its own, built at its first use like
 * the contract's schemas (shared/validation/lazy.ts): a function whose route has no path
 * parameter never builds it.
 */
const DEFAULT_PARAM = /* @__PURE__ */ lazy(() => idParam(128, "id"));

function refuse(what: string, errors: FieldError[]): never {
  const first = errors[0];
  throw new ValidationError(
    `invalid ${what}: ${first ? `${first.field}: ${first.message}` : "invalid"}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
    errors,
  );
}

function clean<T>(value: T, what: string, prefix = ""): T {
  const { value: out, errors } = sanitizeValue(value, prefix);
  if (errors.length > 0) refuse(what, errors);
  return out as T;
}

/** A header, case-insensitively (API Gateway lower-cases them; tests may not). */
export function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function readParams(
  route: RouteContract,
  event: APIGatewayProxyEventV2,
): Record<string, string> {
  const out: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const name of pathParamNames(route.path)) {
    const raw = event.pathParameters?.[name];
    if (raw === undefined) {
      errors.push({ field: name, message: "required" });
      continue;
    }
    const { value, errors: textErrors } = sanitizeValue(raw, name);
    if (textErrors.length > 0) {
      errors.push(...textErrors);
      continue;
    }
    const schema = route.request?.params?.[name] ?? DEFAULT_PARAM;
    const res = z.safeParse(schema, value);
    if (res.success) out[name] = res.data;
    else errors.push({ field: name, message: res.error.issues[0]?.message ?? "invalid" });
  }
  if (errors.length > 0) refuse("path parameter", errors);
  return out;
}

/** The query string, every value checked as text; parsed with the route's schema if it has one. */
export function readQuery(route: RouteContract, event: APIGatewayProxyEventV2): unknown {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) {
    if (v !== undefined) raw[k] = v;
  }
  const query = clean(raw, "query");
  const schema = route.request?.query;
  return schema ? parseValue(query, schema, "query") : query;
}

/** The version an If-Match header names ("3", W/"3" or 3), or undefined without one. */
export function readIfMatch(event: APIGatewayProxyEventV2): number | undefined {
  const h = headerOf(event, "if-match");
  if (h === undefined) return undefined;
  const n = Number(h.trim().replace(/^W\//, "").replace(/"/g, ""));
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000_000) {
    throw new ValidationError('If-Match must be the version you read, e.g. "3"', [
      { field: "If-Match", message: "invalid" },
    ]);
  }
  return n;
}

/** The body's bytes as text (API Gateway may base64 it). */
export function bodyText(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined || event.body === null) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

/** The body's bytes (API Gateway base64-encodes binary bodies, multipart forms included). */
export function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded
    ? Buffer.from(event.body, "base64")
    : Buffer.from(event.body, "utf8");
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (event.body === undefined || event.body === null) return 0;
  return event.isBase64Encoded
    ? Buffer.from(event.body, "base64").length
    : Buffer.byteLength(event.body, "utf8");
}

/** The media type of the body, lower-cased, without parameters. */
export function mediaTypeOf(event: APIGatewayProxyEventV2): string | undefined {
  const ct = headerOf(event, "content-type");
  return ct?.split(";")[0]?.trim().toLowerCase() || undefined;
}

const isJson = (type: string | undefined) =>
  type !== undefined && (type === "application/json" || type.endsWith("+json"));

export function checkBodySize(event: APIGatewayProxyEventV2, max: number): void {
  if (bodyBytes(event) > max) {
    throw new PayloadTooLargeError(`the request body is larger than ${max} bytes`, max);
  }
}

/**
 * The JSON body, parsed with the route's schema. An empty body counts as `{}` whatever its
 * content type (a POST without fields); a body in any other media type than JSON is a 415.
 */
export function readJsonBody(
  event: APIGatewayProxyEventV2,
  schema: core.$ZodType,
  maxBytes = DEFAULT_JSON_LIMIT,
): unknown {
  checkBodySize(event, maxBytes);
  const text = bodyText(event);
  let data: unknown = {};
  if (text.trim() !== "") {
    const type = mediaTypeOf(event);
    if (!isJson(type)) {
      throw new UnsupportedMediaTypeError(
        `the request body must be application/json${type ? `, not ${type}` : " (no Content-Type was sent)"}`,
        "application/json",
      );
    }
    try {
      data = JSON.parse(text);
    } catch {
      throw new ValidationError("the request body is not valid JSON", [
        { field: "", message: "invalid JSON" },
      ]);
    }
  }
  return parseValue(clean(data, "request body"), schema, "request body");
}

/** What the route declares outside the body (path, query, If-Match), parsed, or a 4xx. */
export function readEnvelope<R extends RouteContract>(
  route: R,
  event: APIGatewayProxyEventV2,
): Omit<InputOf<R>, "body"> {
  const params = readParams(route, event);
  const query = readQuery(route, event);
  const ifMatch = route.request?.ifMatch ? readIfMatch(event) : undefined;
  return { params, query, ifMatch } as Omit<InputOf<R>, "body">;
}

/** The route's body, parsed (undefined for routes without one), or a 4xx. */
export function readBody<R extends RouteContract>(
  route: R,
  event: APIGatewayProxyEventV2,
): InputOf<R>["body"] {
  return (
    route.request?.body
      ? readJsonBody(event, route.request.body, route.request.maxBodyBytes)
      : undefined
  ) as InputOf<R>["body"];
}

/** Everything the route declares, parsed (path, query, If-Match, body), or a 4xx. */
export function readInput<R extends RouteContract>(
  route: R,
  event: APIGatewayProxyEventV2,
): InputOf<R> {
  return { ...readEnvelope(route, event), body: readBody(route, event) } as InputOf<R>;
}
