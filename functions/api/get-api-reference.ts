import { API_REFERENCE_HTML_BR } from "../../shared/contract/api-docs.generated.ts";
import { GetApiReference } from "../../shared/contract/docs-routes.ts";
import { precompressedHandler } from "../../shared/http/precompressed.ts";

/** GET /docs: a readable, light API reference, rendered from the OpenAPI document when built. */
export const handler = precompressedHandler(GetApiReference, {
  brBase64: API_REFERENCE_HTML_BR,
  contentType: "text/html; charset=utf-8",
  cacheControl: "public, max-age=300",
});
