import { API_REFERENCE_HTML_BR } from "../../shared/contract/api-docs.generated.ts";
import { GetApiReference } from "../../shared/contract/docs-routes.ts";
import { publicHandler } from "../../shared/http/handler.ts";
import { type Precompressed, precompressedResponse } from "../../shared/http/precompressed.ts";

const PAGE: Precompressed = {
  brBase64: API_REFERENCE_HTML_BR,
  contentType: "text/html; charset=utf-8",
  cacheControl: "public, max-age=300",
};

/** GET /docs: a readable, light API reference, rendered from the OpenAPI document when built. */
export const handler = publicHandler(GetApiReference, async (event) =>
  precompressedResponse(event, PAGE),
);
