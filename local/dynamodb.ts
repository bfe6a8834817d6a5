import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawnDynamoDbLocal } from "./dynamodb/loopback.ts";
import { envChoice } from "./env-choice.ts";
import { assertPortFree, freePort } from "./free-port.ts";

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** A client for the local stack's own use (tables, seeding, the Step Functions store). */
  client: DynamoDBClient;
  /**
   * Whether Java listens on 127.0.0.1 only (local/dynamodb/loopback.ts); false when no javac
   * could build the launcher, and DynamoDB Local then listens on every interface.
   */
  loopback: boolean;
  /** Resolves once ListTables answers; rejects if Java exits or does not answer in 120 s. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  port: number;
  /** Folder of the database files; omitted = in memory. */
  path?: string;
  /**
   * How the JVM compiles: "startup" (the default) starts about a third faster with the C1
   * compiler only and the serial GC, which suits the many short-lived stacks of the tests;
   * "throughput" keeps the JVM's tiered compilation (C2) with the parallel collector and a
   * 2 GB heap from the start (a million audit events in memory take about 2 GB), for long runs
   * and bulk loads. The audit benchmark's loader, 32 batches of 25 in flight, in memory
   * (2026-12-04): 3,065 events/s with "startup" (150,000 events), 5,226 with C2 alone, 4,696
   * with C2 and the parallel collector and 5,549 with the 2 GB heap too (300,000 events);
   * 5,858 for a million with all three, against 2,816 with "startup".
   */
  jit?: DynamoDbJit;
}

export type DynamoDbJit = "startup" | "throughput";

/** LOCAL_DYNAMODB_JIT: "startup" (default) or "throughput"; anything else is refused. */
export const dynamoDbJitFromEnv = (env: NodeJS.ProcessEnv = process.env): DynamoDbJit =>
  envChoice("LOCAL_DYNAMODB_JIT", env.LOCAL_DYNAMODB_JIT, ["startup", "throughput"]);

/** How long DynamoDB Local may take to answer (LOCAL_DYNAMODB_READY_MS overrides). */
const READY_TIMEOUT_MS = Number(process.env.LOCAL_DYNAMODB_READY_MS ?? 120_000);

/** Credentials DynamoDB Local accepts; with -sharedDb any pair sees the same tables. */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/**
 * Spawns AWS's DynamoDB Local (Java) and returns at once, so the caller can do other work
 * (synthesis) while the JVM starts; `ready` says when it answers. A watchdog process kills
 * Java if this process dies without stopping it (kill -9), so no database outlives the stack
 * holding its port and files.
 */
export async function launchDynamoDbLocal(opts: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const port = opts.port === 0 ? await freePort() : opts.port;
  // Java would fail late and obscurely, or the client would talk to another instance.
  if (opts.port !== 0) await assertPortFree(port, "DynamoDB Local");
  if (opts.path) await mkdir(opts.path, { recursive: true });
  const { child: java, loopback } = withJvmFlags(opts.jit ?? "startup", () =>
    spawnDynamoDbLocal({ port, ...(opts.path ? { path: opts.path } : {}) }),
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  java.stdout?.on("data", collect);
  java.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => java.once("exit", resolve));
  const watchdog = java.pid ? startWatchdog(process.pid, java.pid) : undefined;

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "ap-southeast-1",
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const stop = async () => {
    client.destroy();
    if (java.exitCode === null && java.signalCode === null) {
      java.kill("SIGTERM");
      const timer = setTimeout(() => java.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    watchdog?.kill("SIGKILL");
  };

  const ready = (async () => {
    // About 2 s on an idle machine; a loaded CI box (two stacks and a drill at once) needs more.
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (java.exitCode !== null) {
        watchdog?.kill("SIGKILL");
        throw new Error(`DynamoDB Local exited with code ${java.exitCode}:\n${output}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await stop();
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint}: ${String(error)}\n${output}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  // Observed by the caller later; avoid an unhandled rejection in between.
  ready.catch(() => undefined);
  return { endpoint, port, client, ready, stop, loopback };
}

/** The JVM flags of each mode (see DynamoDbLocalOptions.jit). */
const JVM_FLAGS: Readonly<Record<DynamoDbJit, string>> = {
  startup: "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto",
  throughput: "-XX:+UseParallelGC -Xms2g -Xshare:auto",
};

/** `spawn` inherits process.env synchronously, so the flags are set for that call alone. */
function withJvmFlags<T>(jit: DynamoDbJit, spawnJava: () => T): T {
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = JVM_FLAGS[jit];
  try {
    return spawnJava();
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

/** A tiny node process that SIGKILLs `childPid` once `parentPid` is gone. */
function startWatchdog(parentPid: number, childPid: number): ChildProcess {
  const script = `setInterval(() => {
    try { process.kill(${parentPid}, 0); } catch {
      try { process.kill(${childPid}, "SIGKILL"); } catch {}
      process.exit(0);
    }
  }, 500);`;
  const watchdog = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  watchdog.unref();
  return watchdog;
}
