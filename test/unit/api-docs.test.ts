import { brotliCompressSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  API_REFERENCE_HTML_BR,
  OPENAPI_JSON_BR,
} from "../../shared/contract/api-docs.generated.ts";
import { renderApiDocuments } from "../../shared/contract/api-docs.ts";
import { ROUTES } from "../../shared/contract/index.ts";
import { acceptsBrotli, precompressedResponse } from "../../shared/http/precompressed.ts";

const unbr = (b64: string) => brotliDecompressSync(Buffer.from(b64, "base64")).toString("utf8");
const STALE = "shared/contract/api-docs.generated.ts is stale: run npm run generate:api-docs";

describe("GIVEN the API documents generated when the code is built", () => {
  const fresh = renderApiDocuments();

  it("THEN the generated OpenAPI document is the one the contract renders now", () => {
    expect(unbr(OPENAPI_JSON_BR), STALE).toBe(fresh.openApiJson);
  });

  it("THEN the generated reference page is the one the contract renders now", () => {
    expect(unbr(API_REFERENCE_HTML_BR), STALE).toBe(fresh.referenceHtml);
  });

  it("THEN the document has every route of the contract and names no server", () => {
    const doc = JSON.parse(fresh.openApiJson) as {
      servers?: unknown;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.servers).toBeUndefined();
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(ids.sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });
});

describe("GIVEN a text compressed when the code was built", () => {
  const text = "Tài liệu API / API reference ".repeat(50);
  const doc = {
    brBase64: brotliCompressSync(text).toString("base64"),
    contentType: "text/html; charset=utf-8",
    cacheControl: "public, max-age=300",
  };

  it("WHEN the client accepts br THEN it gets the bytes as they are, base64 for API Gateway", () => {
    const res = precompressedResponse({ headers: { "accept-encoding": "gzip, deflate, br" } }, doc);
    expect(res).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: doc.brBase64 });
    expect(res.headers).toMatchObject({ "content-encoding": "br", vary: "accept-encoding" });
  });

  it("WHEN the client does not accept br THEN it gets the text, and the same text again", () => {
    for (const header of [undefined, "gzip", "br;q=0, gzip", "identity"]) {
      const res = precompressedResponse(
        { headers: header ? { "accept-encoding": header } : {} },
        doc,
      );
      expect(res.body).toBe(text);
      expect(res.isBase64Encoded).toBeUndefined();
      expect(res.headers?.["content-encoding"]).toBeUndefined();
      expect(res.headers).toMatchObject({
        "content-type": doc.contentType,
        vary: "accept-encoding",
      });
    }
  });

  it("THEN Accept-Encoding is read by RFC 9110: q-values, case and the wildcard", () => {
    expect(acceptsBrotli("BR")).toBe(true);
    expect(acceptsBrotli("gzip;q=1.0, br;q=0.5")).toBe(true);
    expect(acceptsBrotli("br;q=0")).toBe(false);
    expect(acceptsBrotli("br;q=0.000")).toBe(false);
    expect(acceptsBrotli("*")).toBe(true);
    expect(acceptsBrotli("*;q=0")).toBe(false);
    expect(acceptsBrotli("br;q=0, *")).toBe(false);
    expect(acceptsBrotli("gzip, deflate")).toBe(false);
    expect(acceptsBrotli("")).toBe(false);
    expect(acceptsBrotli(undefined)).toBe(false);
  });
});
