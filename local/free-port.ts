import { createServer } from "node:net";

/** A TCP port that was free on 127.0.0.1 a moment ago, for servers that cannot listen on 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with a clear message when `port` is taken on 127.0.0.1. */
export function assertPortFree(port: number, service: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`${service}: port ${port} is already in use (another local stack running?)`)
          : error,
      );
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}
