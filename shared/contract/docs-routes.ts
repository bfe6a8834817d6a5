/** The API's own documentation. */
import { defineRoute } from "./define.ts";

export const GetOpenApi = defineRoute({
  id: "GetOpenApi",
  method: "GET",
  path: "/openapi.json",
  entry: "functions/api/get-openapi.ts",
  auth: "none",
  grants: {},
  doc: { tag: "Docs", summary: "This OpenAPI 3.1 document", summaryVi: "Tài liệu OpenAPI" },
});

export const GetApiReference = defineRoute({
  id: "GetApiReference",
  method: "GET",
  path: "/docs",
  entry: "functions/api/get-api-reference.ts",
  auth: "none",
  grants: {},
  doc: { tag: "Docs", summary: "Readable API reference", summaryVi: "Tài liệu API" },
});

export const DOCS_ROUTES = [GetOpenApi, GetApiReference];
