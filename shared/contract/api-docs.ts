/**
 * The API's two documents as served: the OpenAPI 3.1 document (JSON) and the readable
 * reference page (HTML), both rendered from the contract. They change only with the code, so
 * `npm run generate:api-docs` renders them once into api-docs.generated.ts (Brotli, base64)
 * and GetOpenApi / GetApiReference serve that text instead of building every route's schema
 * at cold start. The document names no server: by OpenAPI 3.1 it is then the origin it is
 * served from, which is the API's own.
 */
import { openApiDocument } from "./openapi.ts";
import { renderApiReference } from "./reference-page.ts";

export interface ApiDocuments {
  readonly openApiJson: string;
  readonly referenceHtml: string;
}

export function renderApiDocuments(): ApiDocuments {
  return { openApiJson: JSON.stringify(openApiDocument()), referenceHtml: renderApiReference() };
}

/** Where the generated module lives, relative to the repository root. */
export const GENERATED_API_DOCS = "shared/contract/api-docs.generated.ts";
