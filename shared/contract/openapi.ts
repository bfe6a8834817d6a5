import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import "../validation/z.ts";
import { ROUTES } from "../../infra/api/routes.ts";
import { ProblemSchema } from "../proposals/schemas.ts";
import { OPERATIONS } from "./operations.ts";

type Json = Record<string, unknown>;

const schemaOf = (s: core.$ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;

const PROBLEM = {
  "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
};

/** Builds the OpenAPI 3.1 document from the route table and the zod schemas. */
export function openApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) {
    const op = OPERATIONS[r.id];
    if (!op) throw new Error(`route ${r.id} has no entry in OPERATIONS`);
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    for (const [name, description] of Object.entries(op.query ?? {}))
      params.push({
        name,
        in: "query",
        required: false,
        schema: { type: "string" },
        description,
      } as never);
    if (op.ifMatch)
      params.push({
        name: "If-Match",
        in: "header",
        required: op.ifMatch === "required",
        schema: { type: "string" },
        description: "the version (ETag) you read",
      } as never);
    const responses: Json = {
      [String(op.successStatus ?? 200)]: {
        description: "success",
        ...(op.response
          ? { content: { "application/json": { schema: schemaOf(op.response, "output") } } }
          : {}),
      },
      ...(r.auth === "jwt"
        ? {
            "400": { description: "invalid input (field-level `errors`)", content: PROBLEM },
            "401": { description: "missing or invalid bearer token" },
            "403": { description: "not allowed for your role or scope", content: PROBLEM },
            "404": { description: "not found", content: PROBLEM },
            "409": { description: "wrong state or already decided", content: PROBLEM },
            "503": { description: "busy; retry after Retry-After seconds", content: PROBLEM },
          }
        : {}),
    };
    paths[r.path] ??= {};
    (paths[r.path] as Json)[r.method.toLowerCase()] = {
      operationId: r.id,
      summary: op.summary,
      description: [op.summaryVi, op.description].filter(Boolean).join("\n\n"),
      tags: [op.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(op.request, "input") } },
            },
          }
        : {}),
      responses,
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
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT (Cognito ID token)" },
      },
      schemas: { Problem: schemaOf(ProblemSchema, "output") },
    },
    paths,
  };
}
