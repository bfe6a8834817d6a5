import { OPENAPI_JSON_BR } from "../../shared/contract/api-docs.generated.ts";
import { GetOpenApi } from "../../shared/contract/docs-routes.ts";
import { precompressedHandler } from "../../shared/http/precompressed.ts";

/** GET /openapi.json: rendered from the contract and its zod schemas when the code is built. */
export const handler = precompressedHandler(GetOpenApi, {
  brBase64: OPENAPI_JSON_BR,
  contentType: "application/json",
  cacheControl: "public, max-age=300",
});
