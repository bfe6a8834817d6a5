import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import "../validation/z.ts";
import { ProblemSchema } from "../proposals/schemas.ts";
import type { ProblemType, RouteContract } from "./define.ts";
import { ROUTES } from "./routes.ts";

type Json = Record<string, unknown>;

const schemaOf = (s: core.$ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;

const PROBLEM = {
  "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
};

/** Problems every route of a kind can answer, and what each means. */
const PROBLEM_DOCS: Record<ProblemType, [string, string]> = {
  "validation-failed": [
    "400",
    "invalid input: path, query, headers or body (field-level `errors`)",
  ],
  unauthorized: ["401", "missing or invalid bearer token"],
  forbidden: ["403", "not allowed for your role or scope"],
  "mfa-required": [
    "403",
    "a privileged role signed in without TOTP MFA: enrol an authenticator app at /app/mfa",
  ],
  "not-found": ["404", "not found"],
  conflict: ["409", "conflict: already decided, claimed or existing (the detail names by whom)"],
  "wrong-state": ["409", "not allowed in the proposal's current state"],
  "stale-version": ["412", "If-Match names an older version; reload and retry"],
  "unsupported-media-type": ["415", "the body is not application/json"],
  "payload-too-large": ["413", "the body is larger than the route accepts"],
  "idempotency-key-reused": ["422", "Idempotency-Key reused with another request"],
  "precondition-required": ["428", "If-Match is required"],
  unavailable: ["503", "busy; retry after Retry-After seconds"],
};

function problemsOf(r: RouteContract): ProblemType[] {
  const base: ProblemType[] =
    r.auth === "jwt"
      ? [
          "validation-failed",
          "unauthorized",
          "forbidden",
          "mfa-required",
          "not-found",
          "unavailable",
        ]
      : ["validation-failed", "not-found"];
  const body: ProblemType[] = r.request?.body
    ? ["unsupported-media-type", "payload-too-large"]
    : [];
  const idem: ProblemType[] = r.request?.idempotent ? ["idempotency-key-reused"] : [];
  const match: ProblemType[] =
    r.request?.ifMatch === "required"
      ? ["stale-version", "precondition-required"]
      : r.request?.ifMatch
        ? ["stale-version"]
        : [];
  return [...new Set([...base, ...body, ...idem, ...match, ...(r.problems ?? [])])];
}

function responsesOf(r: RouteContract): Json {
  const responses: Json = {
    [String(r.successStatus ?? 200)]: {
      description: "success",
      ...(r.response
        ? { content: { "application/json": { schema: schemaOf(r.response, "output") } } }
        : {}),
    },
  };
  for (const type of problemsOf(r)) {
    const [status, description] = PROBLEM_DOCS[type];
    const existing = responses[status] as { description: string } | undefined;
    responses[status] = {
      description: existing ? `${existing.description}; or ${description}` : description,
      content: PROBLEM,
    };
  }
  return responses;
}

function parametersOf(r: RouteContract): Json[] {
  const params: Json[] = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => {
    const name = m[1] ?? "";
    const schema = r.request?.params?.[name];
    return {
      name,
      in: "path",
      required: true,
      schema: schema ? schemaOf(schema, "input") : { type: "string" },
    };
  });
  for (const [name, description] of Object.entries(r.request?.queryDocs ?? {}))
    params.push({ name, in: "query", required: false, schema: { type: "string" }, description });
  if (r.request?.ifMatch)
    params.push({
      name: "If-Match",
      in: "header",
      required: r.request.ifMatch === "required",
      schema: { type: "string" },
      description: 'the version (ETag) you read, e.g. "3"',
    });
  if (r.request?.idempotent)
    params.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", maxLength: 128, pattern: "^[A-Za-z0-9._~:-]+$" },
      description: "retry safely: the same key gets the first answer back (24 hours)",
    });
  return params;
}

/** Builds the OpenAPI 3.1 document from the contract (routes and their zod schemas). */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) {
    const params = parametersOf(r);
    paths[r.path] ??= {};
    (paths[r.path] as Json)[r.method.toLowerCase()] = {
      operationId: r.id,
      summary: r.doc.summary,
      description: [r.doc.summaryVi, r.doc.description].filter(Boolean).join("\n\n"),
      tags: [r.doc.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(r.request?.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(r.request.body, "input") } },
            },
          }
        : {}),
      responses: responsesOf(r),
      ...(r.auth === "jwt" ? { security: [{ bearer: [] }] } : { security: [] }),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Project 8 proposals API / API đề xuất Dự án 8",
      version: "1.0.0",
      description:
        "Proposals, district review, budget-norm check, disbursement and monitoring for Project 8 of the National Target Programme 1719. Amounts are integer đồng; times are UTC ISO-8601. Errors are RFC 9457 problem+json.",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT (Cognito ID token)" },
      },
      schemas: { Problem: schemaOf(ProblemSchema, "output") },
    },
    paths,
  };
}
