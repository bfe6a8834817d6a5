import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";

/** One HTTP request as a local AWS service received it: what a signature is checked against. */
export interface ReceivedRequest {
  method: string;
  /** The request target exactly as sent: raw path and query (`/bucket/a%20b?uploads`). */
  url: string;
  /** Alternating names and values, as Node received them (names in the sender's case). */
  rawHeaders: readonly string[];
  /** The payload as received. */
  body: Buffer;
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Reads a request's body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function receive(req: IncomingMessage, limit: number): Promise<ReceivedRequest> {
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    rawHeaders: req.rawHeaders,
    body: await readBody(req, limit),
  };
}

/** The first value of a header, by lower-case name. */
export function header(req: ReceivedRequest, name: string): string | undefined {
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] ?? "").toLowerCase() === name) return req.rawHeaders[i + 1];
  }
  return undefined;
}

export interface LocalServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 only (never all interfaces) and answers with `handle`. Port 0 picks a
 * free one. A handler that throws answers 500 with `onError`'s body, so a bug in a local service
 * shows up as an AWS-shaped internal error, not a dropped connection.
 */
export async function listenLocal(
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onError: (res: ServerResponse, error: unknown) => void,
): Promise<LocalServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) onError(res, error);
      else res.destroy();
    });
  });
  // SDK clients keep connections alive; never let one hold a stop.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
