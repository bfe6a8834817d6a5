import { openApiDocument } from "../../shared/contract/openapi.ts";
import { json, publicHandler } from "../../shared/http/handler.ts";

let cached: string | undefined;

/** GET /openapi.json: generated from the route table and the zod schemas. */
export const handler = publicHandler(async () => {
  cached ??= JSON.stringify(openApiDocument(process.env.APP_BASE_URL));
  return { ...json(200, null, { "cache-control": "public, max-age=300" }), body: cached };
});
