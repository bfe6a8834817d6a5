/**
 * Serving a text that was Brotli-compressed when the code was built (the API's documents,
 * shared/contract/api-docs.ts): a client that accepts `br` gets the bytes as they are (base64
 * in the Lambda result, decoded by API Gateway), any other client the text, decompressed once
 * per execution environment.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { RouteContract } from "../contract/define.ts";
import { unpackText } from "../tables/packed.ts";
import { publicHandler } from "./handler.ts";

/**
 * Whether an Accept-Encoding header (RFC 9110 12.5.3) admits `br`: named with a q-value above
 * 0, or not named while `*` is. No header admits only the identity.
 */
export function acceptsBrotli(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const ok = Number.isFinite(weight) && weight > 0;
    if (coding === "br") return ok;
    if (coding === "*") star = ok;
  }
  return star ?? false;
}

export interface Precompressed {
  /** The Brotli bytes, base64. */
  readonly brBase64: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

const texts = new WeakMap<Precompressed, string>();

export function precompressedResponse(
  event: Pick<APIGatewayProxyEventV2, "headers">,
  doc: Precompressed,
): APIGatewayProxyStructuredResultV2 {
  const headers = {
    "content-type": doc.contentType,
    "cache-control": doc.cacheControl,
    vary: "accept-encoding",
  };
  if (acceptsBrotli(event.headers?.["accept-encoding"])) {
    return {
      statusCode: 200,
      headers: { ...headers, "content-encoding": "br" },
      body: doc.brBase64,
      isBase64Encoded: true,
    };
  }
  let text = texts.get(doc);
  if (text === undefined) {
    text = unpackText(Buffer.from(doc.brBase64, "base64"));
    texts.set(doc, text);
  }
  return { statusCode: 200, headers, body: text };
}

/** A public GET route that answers with one precompressed text. */
export const precompressedHandler = (route: RouteContract, doc: Precompressed) =>
  publicHandler(route, async (event) => precompressedResponse(event, doc));
