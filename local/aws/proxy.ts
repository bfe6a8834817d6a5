/** HTTP plumbing of the local AWS front ends: read a request, forward it, answer. */
import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { assertPortFree } from "../free-port.ts";

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the request on to `upstream` (same method, path and headers, this body). */
export function forward(
  agent: Agent,
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<Upstream> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined && k !== "content-length" && k !== "connection") headers[k] = v;
  }
  headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const out = request(
      {
        agent,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (res) => {
        readBody(res).then(
          (b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }),
          reject,
        );
      },
    );
    out.on("error", reject);
    out.end(body);
  });
}

export function reply(res: ServerResponse, up: Upstream, body = up.body): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(up.headers)) {
    if (
      v !== undefined &&
      k !== "content-length" &&
      k !== "connection" &&
      k !== "transfer-encoding"
    )
      headers[k] = v;
  }
  headers["content-length"] = String(body.length);
  res.writeHead(up.status, headers);
  res.end(body);
}

export const keepAlive = () => new Agent({ keepAlive: true, maxSockets: 64 });

/** Listens on 127.0.0.1 (0 = a free port; a fixed port in use fails with `what` named). */
export async function listen(server: Server, port: number, what: string): Promise<number> {
  if (port !== 0) await assertPortFree(port, what);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  server.keepAliveTimeout = 5000;
  return (server.address() as AddressInfo).port;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
