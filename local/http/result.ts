import type { ServerResponse } from "node:http";

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

const isStructured = (value: unknown): value is StructuredResult =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { statusCode?: unknown }).statusCode === "number";

/**
 * Writes a handler's result by the payload 2.0 rules: a result with `statusCode` is the
 * response (headers, cookies as Set-Cookie, body, base64 flag); anything else is a 200 JSON
 * body (a string is sent as is).
 */
export function writeResult(res: ServerResponse, result: unknown): void {
  if (!isStructured(result)) {
    const body = typeof result === "string" ? result : JSON.stringify(result);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body ?? "");
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (result.cookies && result.cookies.length > 0) headers["set-cookie"] = result.cookies;
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  if (!headers["content-type"] && body.length > 0) headers["content-type"] = "application/json";
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

/** A JSON response in API Gateway's own style ({"message": ...}). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}
