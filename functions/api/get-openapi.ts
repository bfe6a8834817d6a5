import { OPENAPI_JSON_BR } from "../../shared/contract/api-docs.generated.ts";
import { GetOpenApi } from "../../shared/contract/docs-routes.ts";
import { publicHandler } from "../../shared/http/handler.ts";
import { type Precompressed, precompressedResponse } from "../../shared/http/precompressed.ts";

const DOC: Precompressed = {
  brBase64: OPENAPI_JSON_BR,
  contentType: "application/json",
  cacheControl: "public, max-age=300",
};

/** GET /openapi.json: rendered from the contract and its zod schemas when the code is built. */
export const handler = publicHandler(GetOpenApi, async (event) =>
  precompressedResponse(event, DOC),
);
