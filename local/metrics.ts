import type { IncomingMessage, ServerResponse } from "node:http";
import type { DynamoDbGateway } from "./aws/dynamodb-gateway.ts";
import type { Faults } from "./aws/faults.ts";
import { sendJson } from "./http/result.ts";

/** The local-only instruments of the AWS front ends, read through /_local/ endpoints. */
export interface LocalInstruments {
  faults: Faults;
  dynamodb: DynamoDbGateway;
}

/**
 * GET /_local/metrics: the DynamoDB operations the functions sent (by command name, every
 * attempt), counted by the DynamoDB gateway, so that a test can prove a request path used
 * Query/GetItem and never Scan. DELETE resets the counts.
 */
export function handleMetrics(
  instruments: LocalInstruments,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): boolean {
  if (url.pathname !== "/_local/metrics") return false;
  if (req.method === "DELETE") {
    instruments.dynamodb.resetOperationCounts();
    sendJson(res, 200, { dynamodb: {} });
  } else if (req.method === "GET") {
    sendJson(res, 200, { dynamodb: instruments.dynamodb.operationCounts() });
  } else {
    sendJson(res, 405, { message: "Method Not Allowed" });
  }
  return true;
}

/**
 * GET/POST /_local/faults: the injected faults (local/aws/faults.ts; POST replaces them all,
 * {} turns them off) and how many were injected. GET/DELETE /_local/faults/usage: the DynamoDB
 * items written and capacity units consumed by the functions (benchmarks).
 */
export function handleFaults(
  instruments: LocalInstruments,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): boolean {
  if (url.pathname === "/_local/faults/usage") {
    // Writes whose new images are still being read are counted before the answer.
    void instruments.dynamodb.usage.settled().then(() => {
      if (req.method === "DELETE") instruments.dynamodb.usage.reset();
      sendJson(res, 200, instruments.dynamodb.usage.current());
    });
    return true;
  }
  if (url.pathname !== "/_local/faults") return false;
  if (req.method === "POST") {
    const refused = refuseForeignWrite(req);
    if (refused) {
      sendJson(res, refused.status, { message: refused.message });
      return true;
    }
    try {
      instruments.faults.set(JSON.parse(body.toString("utf8") || "{}"));
    } catch (error) {
      sendJson(res, 400, { message: (error as Error).message });
      return true;
    }
  } else if (req.method !== "GET") {
    sendJson(res, 405, { message: "Method Not Allowed" });
    return true;
  }
  sendJson(res, 200, instruments.faults.state());
  return true;
}

/**
 * Switching faults changes how the whole stack behaves, so a write must come from a local tool
 * or test, not from a web page a developer happens to have open: the server binds 127.0.0.1;
 * the Host must be this server's own loopback address (a DNS-rebinding page sends its own
 * name); an Origin, which browsers send on cross-site POSTs, must be this same origin; and the
 * body must be JSON (a cross-site page cannot send application/json without a preflight, which
 * nothing here answers).
 */
export function refuseForeignWrite(
  req: IncomingMessage,
): { status: 403 | 415; message: string } | undefined {
  const host = (req.headers.host ?? "").toLowerCase();
  const port = req.socket.localPort;
  const allowed = ["127.0.0.1", "localhost"].map((name) => `${name}:${port}`);
  if (!allowed.includes(host)) {
    return {
      status: 403,
      message: `local endpoints answer only at ${allowed.join(" or ")}, not at Host "${host.slice(0, 100)}"`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return {
      status: 403,
      message: `local endpoints refuse requests from another origin (${origin.slice(0, 100)})`,
    };
  }
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "application/json") {
    return {
      status: 415,
      message: `POST /_local/faults takes application/json, not "${type.slice(0, 100) || "no content type"}"`,
    };
  }
  return undefined;
}
