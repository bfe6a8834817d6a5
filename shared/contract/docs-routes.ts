/** The API's own documentation. */
import { defineRoute } from "./define.ts";

export const GetOpenApi = /* @__PURE__ */ defineRoute({
  id: "GetOpenApi",
  method: "GET",
  path: "/openapi.json",
  entry: "functions/api/get-openapi.ts",
  auth: "none",
  grants: {},
  doc: { tag: "Docs", summary: "This OpenAPI 3.1 document", summaryVi: "Tài liệu OpenAPI" },
});

export const GetApiReference = /* @__PURE__ */ defineRoute({
  id: "GetApiReference",
  method: "GET",
  path: "/docs",
  entry: "functions/api/get-api-reference.ts",
  auth: "none",
  grants: {},
  doc: { tag: "Docs", summary: "Readable API reference", summaryVi: "Tài liệu API" },
});

export const GetApiIndex = /* @__PURE__ */ defineRoute({
  id: "GetApiIndex",
  method: "GET",
  path: "/v1",
  entry: "functions/api/get-api-index.ts",
  auth: "none",
  grants: {},
  doc: {
    tag: "Docs",
    summary: "The API's base: links to its reference, its OpenAPI document and the web pages",
    summaryVi: "Gốc của API",
    description:
      "A small JSON document (`name`, `version`, `links`) so that the base URL `npm start` prints answers 200. Every resource lives below it and needs a bearer token.",
  },
});

export const DOCS_ROUTES = [GetOpenApi, GetApiReference, GetApiIndex];
