import { GetOpenApi } from "../../shared/contract/docs-routes.ts";
import { openApiDocument } from "../../shared/contract/openapi.ts";
import { json, publicHandler } from "../../shared/http/handler.ts";

let cached: string | undefined;

/** GET /openapi.json: generated from the contract and its zod schemas. */
export const handler = publicHandler(GetOpenApi, async () => {
  cached ??= JSON.stringify(openApiDocument(process.env.APP_BASE_URL));
  return { ...json(200, null, { "cache-control": "public, max-age=300" }), body: cached };
});
