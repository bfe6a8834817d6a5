/**
 * A stand-in AWS endpoint for the project's own clients: a node:http server on a free port
 * that records every request and answers what the test says. For protocol tests (what goes on
 * the wire, how answers and errors are read); the local services (local/aws/) are the ones
 * that verify signatures and grants.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface FakeAws {
  url: string;
  seen: SeenRequest[];
  /** Answers requests from now on. */
  answer(fn: (req: SeenRequest) => FakeAnswer): void;
  stop(): Promise<void>;
}

export async function startFakeAws(): Promise<FakeAws> {
  const seen: SeenRequest[] = [];
  let answer: (req: SeenRequest) => FakeAnswer = () => ({ status: 200, body: "{}" });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(r);
      const a = answer(r);
      res.writeHead(a.status ?? 200, a.headers ?? {});
      res.end(a.body ?? "");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    answer(fn) {
      answer = fn;
    },
    stop: () =>
      new Promise<void>((ok, ko) => {
        server.closeAllConnections();
        server.close((e) => (e ? ko(e) : ok()));
      }),
  };
}

/** Sets environment variables for a test and gives back a function that restores them. */
export function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(vars);
  return () => set(saved);
}
