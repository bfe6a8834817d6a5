import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Runtime } from "./runtime.ts";
import { SfnApiError, UnsupportedDefinitionError } from "./types.ts";
import { renderExecution, renderExecutionList } from "./view.ts";

type Body = Record<string, unknown>;

const str = (b: Body, key: string, required = true): string | undefined => {
  const v = b[key];
  if (v === undefined || v === null) {
    if (required)
      throw new SfnApiError(
        "ValidationException",
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof v !== "string")
    throw new SfnApiError("ValidationException", `'${key}' must be a string`);
  return v;
};
const num = (b: Body, key: string): number | undefined =>
  typeof b[key] === "number" ? (b[key] as number) : undefined;

/** The Step Functions operations served over AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Op>`). */
const OPERATIONS: Record<string, (rt: Runtime, b: Body) => Promise<unknown> | unknown> = {
  StartExecution: (rt, b) =>
    rt.startExecution({
      stateMachineArn: str(b, "stateMachineArn") as string,
      name: str(b, "name", false),
      input: str(b, "input", false),
    }),
  DescribeExecution: (rt, b) => rt.describeExecution(str(b, "executionArn") as string),
  GetExecutionHistory: (rt, b) =>
    rt.getExecutionHistory({
      executionArn: str(b, "executionArn") as string,
      maxResults: num(b, "maxResults"),
      nextToken: str(b, "nextToken", false),
      reverseOrder: b.reverseOrder === true,
      includeExecutionData: b.includeExecutionData !== false,
    }),
  ListExecutions: (rt, b) =>
    rt.listExecutions({
      stateMachineArn: str(b, "stateMachineArn") as string,
      statusFilter: str(b, "statusFilter", false),
      maxResults: num(b, "maxResults"),
      nextToken: str(b, "nextToken", false),
    }),
  StopExecution: (rt, b) =>
    rt.stopExecution(
      str(b, "executionArn") as string,
      str(b, "error", false),
      str(b, "cause", false),
    ),
  SendTaskSuccess: async (rt, b) => {
    await rt.sendTaskSuccess(str(b, "taskToken") as string, str(b, "output") as string);
    return {};
  },
  SendTaskFailure: async (rt, b) => {
    await rt.sendTaskFailure(
      str(b, "taskToken") as string,
      str(b, "error", false),
      str(b, "cause", false),
    );
    return {};
  },
  SendTaskHeartbeat: async (rt, b) => {
    await rt.sendTaskHeartbeat(str(b, "taskToken") as string);
    return {};
  },
  DescribeStateMachine: (rt, b) => rt.describeStateMachine(str(b, "stateMachineArn") as string),
  ListStateMachines: (rt) => rt.listStateMachines(),
};

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
): Promise<void> {
  const type = "application/x-amz-json-1.0";
  const target = String(req.headers["x-amz-target"] ?? "");
  const op = target.startsWith("AWSStepFunctions.") ? target.slice("AWSStepFunctions.".length) : "";
  const raw = await readBody(req);
  try {
    const handler = OPERATIONS[op];
    if (!handler)
      throw new SfnApiError("UnknownOperationException", `Unknown operation '${target}'`);
    let body: Body;
    try {
      body = raw ? (JSON.parse(raw) as Body) : {};
    } catch {
      throw new SfnApiError("SerializationException", "The request body is not valid JSON");
    }
    const out = await handler(runtime, body);
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
  opts: { port: number; host?: string },
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  await runtime.start();
  const server = createServer((req, res) => {
    const work =
      req.method === "POST"
        ? handleApi(runtime, req, res)
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
