import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./http/result.ts";

/**
 * GET /_local/metrics: the DynamoDB operations the handlers sent (by command name), so that a
 * test can prove a request path used Query/GetItem and never Scan. DELETE resets the counts.
 * The adapter module is imported lazily: it must load after the stack set the environment.
 */
export async function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (url.pathname !== "/_local/metrics") return false;
  const { operationCounts, resetOperationCounts } = await import("../shared/aws/dynamo.ts");
  if (req.method === "DELETE") {
    resetOperationCounts();
    sendJson(res, 200, { dynamodb: {} });
  } else if (req.method === "GET") {
    sendJson(res, 200, { dynamodb: { ...operationCounts } });
  } else {
    sendJson(res, 405, { message: "Method Not Allowed" });
  }
  return true;
}
