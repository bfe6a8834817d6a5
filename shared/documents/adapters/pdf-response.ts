import type { ApiResult } from "../../http/handler.ts";
import type { IssuedDocument } from "../domain/decision.ts";

/** A PDF as an API Gateway result (base64 body), named, with its hash. */
export function pdfResult(doc: IssuedDocument): ApiResult {
  return {
    statusCode: 200,
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${doc.name}"`,
      "x-content-sha256": doc.sha256,
      etag: `"${doc.sha256}"`,
      "cache-control": "private, no-store",
    },
    body: Buffer.from(doc.bytes).toString("base64"),
    isBase64Encoded: true,
  };
}
