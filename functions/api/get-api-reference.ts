import { GetApiReference } from "../../shared/contract/docs-routes.ts";
import { renderApiReference } from "../../shared/contract/reference-page.ts";
import { publicHandler } from "../../shared/http/handler.ts";

let cached: string | undefined;

/** GET /docs: a readable, light API reference rendered from the OpenAPI document. */
export const handler = publicHandler(GetApiReference, async () => {
  cached ??= renderApiReference();
  return {
    statusCode: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" },
    body: cached,
  };
});
