import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FunctionRunner } from "./functions.ts";
import { buildEvent } from "./http/event.ts";
import { handleLocal, type LocalEndpointsDeps, rootPage } from "./http/local-endpoints.ts";
import { checkLocalRequest } from "./http/local-guard.ts";
import { sendHtml, sendJson, writeResult } from "./http/result.ts";
import { createRouter } from "./http/router.ts";
import { handleFaults, handleMetrics, type LocalInstruments } from "./metrics.ts";
import type { RouteSpec } from "./template/accessors.ts";

export interface HttpServerOptions extends LocalEndpointsDeps {
  port: number;
  routes: readonly RouteSpec[];
  functions: FunctionRunner;
  apiId: string;
  /** Requests wait for this: the server listens before the stack is ready, to learn its port. */
  ready?: Promise<void>;
  /** The DynamoDB gateway's counters and the fault switches (known once `ready` resolved). */
  instruments: () => LocalInstruments | undefined;
}

export interface LocalHttpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** API Gateway's payload limit. */
const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * The API as API Gateway HTTP API serves it: the template's routes, JWT routes verified like
 * the JWT authorizer, each request handed to the route's handler module as a payload 2.0
 * event. Local-only endpoints live under /_local/.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<LocalHttpServer> {
  const router = createRouter(opts.routes);
  const server: Server = createServer((req, res) => {
    handle(req).catch((error: unknown) => {
      console.error("http: unexpected error", error);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal Server Error" });
      else res.end();
    });

    async function handle(request: IncomingMessage) {
      await opts.ready;
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const body = await readBody(request);
      if (body === null) {
        sendJson(res, 413, { message: "Request Entity Too Large" });
        return;
      }
      if (url.pathname.startsWith("/_local/") || url.pathname === "/_local") {
        const refused = checkLocalRequest({
          method: request.method ?? "GET",
          path: url.pathname,
          headers: request.headers,
          port: (server.address() as AddressInfo).port,
        });
        if (refused) {
          sendJson(res, refused.status, { message: refused.message });
          return;
        }
        const instruments = opts.instruments();
        if (instruments && handleMetrics(instruments, request, res, url)) return;
        if (instruments && handleFaults(instruments, request, res, url, body)) return;
        if (await handleLocal(opts, request, res, url, body)) return;
        sendJson(res, 404, { message: "Not Found" });
        return;
      }
      if (url.pathname === "/" && (request.method === "GET" || request.method === "HEAD")) {
        sendHtml(res, 200, rootPage());
        return;
      }
      const match = router.match(request.method ?? "GET", url.pathname);
      if (!match) {
        sendJson(res, 404, { message: "Not Found" });
        return;
      }
      let claims: Awaited<ReturnType<typeof opts.identity.verifyBearer>> | undefined;
      if (match.route.auth === "JWT") {
        claims = await opts.identity.verifyBearer(request.headers.authorization);
        if (!claims) {
          res.setHeader("www-authenticate", "Bearer");
          sendJson(res, 401, { message: "Unauthorized" });
          return;
        }
      }
      const event = buildEvent({
        req: request,
        url,
        body,
        routeKey: match.route.routeKey,
        pathParameters: match.pathParameters,
        apiId: opts.apiId,
        ...(claims ? { claims } : {}),
      });
      let result: unknown;
      try {
        result = await opts.functions.invoke(match.route.functionLogicalId, event);
      } catch (error) {
        // The request body may hold personal data: log the route and the error only.
        console.error(
          `http: ${match.route.routeKey} (${match.route.functionLogicalId}) threw, request ${event.requestContext.requestId}:`,
          error,
        );
        sendJson(res, 500, { message: "Internal Server Error" });
        return;
      }
      writeResult(res, result);
    }
  });
  // Idle keep-alive connections stay open longer than clients keep them (undici: 4 s), so a
  // client never reuses a socket the server is closing at the same moment ("other side
  // closed"); API Gateway keeps idle connections for minutes too.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        // Requests in flight finish (up to 5 s); idle keep-alive connections go at once.
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      }),
  };
}
