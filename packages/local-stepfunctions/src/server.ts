import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { operationOf } from "./api.ts";
import type { Runtime } from "./runtime.ts";
import { isObject, SfnApiError, UnsupportedDefinitionError } from "./types.ts";
import { renderExecution, renderExecutionList } from "./view.ts";

/**
 * Decides whether a call may proceed, as IAM would on AWS. `action` is "states:<Operation>",
 * `resource` the ARN the action targets: the state machine for StartExecution, ListExecutions
 * and DescribeStateMachine; the execution for DescribeExecution, StopExecution and
 * GetExecutionHistory; for SendTaskSuccess/Failure/Heartbeat the state machine of the execution
 * the token was issued for; "*" for ListStateMachines, and when the request names no resource
 * (a missing field, a token this runtime did not issue). `headers` are the request's, with
 * lower-case names as Node gives them (the SigV4 `authorization` header names the caller).
 */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  headers: Record<string, string | string[] | undefined>;
}

export type AuthorizationResult = { allowed: true } | { allowed: false; message: string };

export type Authorizer = (
  call: AuthorizationRequest,
) => AuthorizationResult | Promise<AuthorizationResult>;

export interface SfnServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Called before every API operation (not for the HTML view). A refusal is answered as AWS
   * does: HTTP 400 `{"__type": "AccessDeniedException", "message": <message>}`.
   */
  authorize?: Authorizer;
}

/** JSON with Dates as epoch seconds, the timestamp format of the AWS JSON protocols. */
function wireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function handleApi(
  runtime: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  authorize: Authorizer | undefined,
): Promise<void> {
  const type = "application/x-amz-json-1.0";
  const target = String(req.headers["x-amz-target"] ?? "");
  const raw = await readBody(req);
  try {
    const found = operationOf(target);
    if (!found) throw new SfnApiError("UnknownOperationException", `Unknown operation '${target}'`);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      throw new SfnApiError("SerializationException", "The request body is not valid JSON");
    }
    if (!isObject(body))
      throw new SfnApiError("SerializationException", "The request body must be a JSON object");
    if (authorize) {
      const decision = await authorize({
        action: `states:${found.name}`,
        resource: found.op.resource(runtime, body),
        headers: req.headers,
      });
      if (!decision.allowed) throw new SfnApiError("AccessDeniedException", decision.message);
    }
    const out = await found.op.run(runtime, body);
    send(res, 200, type, wireJson(out ?? {}));
  } catch (e) {
    if (e instanceof SfnApiError)
      return send(res, e.status, type, JSON.stringify({ __type: e.name, message: e.message }));
    if (e instanceof UnsupportedDefinitionError)
      return send(
        res,
        400,
        type,
        JSON.stringify({ __type: "InvalidDefinition", message: e.message }),
      );
    console.error("[stepfunctions] internal error", e);
    send(
      res,
      500,
      type,
      JSON.stringify({
        __type: "ServiceUnavailable",
        message: "internal error of the local Step Functions runtime",
      }),
    );
  }
}

async function handleView(
  runtime: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const html = "text/html; charset=utf-8";
  if (url.pathname === "/") return send(res, 200, html, await renderExecutionList(runtime));
  if (url.pathname.startsWith("/executions/")) {
    const arn = decodeURIComponent(url.pathname.slice("/executions/".length));
    const page = await renderExecution(runtime, arn);
    return page
      ? send(res, 200, html, page)
      : send(res, 404, html, "<!doctype html><title>Not found</title><p>No such execution.</p>");
  }
  send(res, 404, "text/plain", "not found");
}

/** Serves the Step Functions API (POST /) and the HTML view (GET / and GET /executions/<arn>). */
export async function createSfnServer(
  runtime: Runtime,
  opts: SfnServerOptions,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  await runtime.start();
  const server = createServer((req, res) => {
    const work =
      req.method === "POST"
        ? handleApi(runtime, req, res, opts.authorize)
        : req.method === "GET"
          ? handleView(runtime, req, res)
          : Promise.resolve(send(res, 405, "text/plain", "method not allowed"));
    work.catch((e) => {
      console.error("[stepfunctions] request failed", e);
      if (!res.headersSent) send(res, 500, "text/plain", "internal error");
    });
  });
  server.keepAliveTimeout = 5000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
