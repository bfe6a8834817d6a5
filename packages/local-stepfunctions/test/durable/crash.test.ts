import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStore, createRuntime, FakeClock } from "../../src/index.ts";
import { freePort, startDynamoLocal } from "../support/dynamodb-local.ts";
import {
  ACCOUNT,
  decisionFor,
  definition,
  handle,
  REGION,
  SM_ARN,
  workload,
} from "./fixtures/crash-workload.ts";

/**
 * Crash test: the runtime runs in a child process on DynamoDB Local and is killed with SIGKILL at
 * random points of a workload (callbacks, Waits, retries), then restarted. Every execution must
 * end exactly as in a reference run without crashes, and no Task may run more often than the
 * history schedules it (a Task runs again only when a Retry says so).
 */
const CHILD = join(import.meta.dirname, "fixtures", "crash-child.ts");
const WORK = workload(40);
const KILLS = 3;

let ddb: Awaited<ReturnType<typeof startDynamoLocal>>;
let child: ChildProcess | undefined;
let dir: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startChild(env: Record<string, string>): Promise<{ proc: ChildProcess; open: number }> {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    proc.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ proc, open: Number(m[1]) });
    });
    proc.once("exit", (code) =>
      reject(new Error(`runtime child exited (${code}) before READY: ${err.slice(-2000)}`)),
    );
  });
}

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGKILL");
  await exited;
}

/** The same workload on the in-memory runtime with a fake clock: the outcome without crashes. */
async function referenceRun(): Promise<Map<string, { status: string; output?: unknown }>> {
  const clock = new FakeClock();
  const pending: Array<[string, string]> = [];
  const rt = createRuntime({
    store: createMemoryStore(),
    clock,
    region: REGION,
    accountId: ACCOUNT,
    invokeLambda: async (fnArn, payload) =>
      handle(fnArn.slice(fnArn.lastIndexOf(":") + 1), payload, (id, token) =>
        pending.push([id, token]),
      ),
  });
  rt.registerStateMachine({ arn: SM_ARN, name: "CrashWorkload", definition });
  const arns = await Promise.all(
    WORK.map((w) =>
      rt.startExecution({ stateMachineArn: SM_ARN, name: w.name, input: JSON.stringify(w.input) }),
    ),
  );
  for (let i = 0; i < 200; i++) {
    await rt.idle();
    for (const [id, token] of pending.splice(0))
      await rt.sendTaskSuccess(token, JSON.stringify(decisionFor(id)));
    clock.advance(1000);
  }
  const out = new Map<string, { status: string; output?: unknown }>();
  for (const { executionArn } of arns) {
    const d = await rt.describeExecution(executionArn);
    out.set(d.name, { status: d.status, output: d.output ? JSON.parse(d.output) : undefined });
  }
  await rt.stop();
  return out;
}

beforeAll(async () => {
  ddb = await startDynamoLocal();
  dir = mkdtempSync(join(tmpdir(), "sfn-crash-"));
});
afterAll(async () => {
  if (child) await kill(child);
  await ddb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("crash safety (SIGKILL of the runtime process)", () => {
  it("every execution ends exactly as without the crash; no Task runs more often than scheduled", async () => {
    const expected = await referenceRun();
    const port = await freePort();
    const logFile = join(dir, "invocations.jsonl");
    const env = { DDB_PORT: String(ddb.port), SFN_PORT: String(port), LOG_FILE: logFile };
    const sfn = new SFNClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: REGION,
      credentials: { accessKeyId: "dummy", secretAccessKey: "dummy" },
      maxAttempts: 1,
    });
    const retrying = async <T>(op: () => Promise<T>): Promise<T> => {
      for (let i = 0; ; i++) {
        try {
          return await op();
        } catch (e) {
          const name = (e as Error).name;
          if (
            i > 200 ||
            (name !== "TimeoutError" &&
              !/ECONNREFUSED|ECONNRESET|socket hang up|ServiceUnavailable|fetch failed/i.test(
                `${name} ${(e as Error).message}`,
              ))
          )
            throw e;
          await sleep(100);
        }
      }
    };

    let started = await startChild(env);
    child = started.proc;
    const resumedOpen: number[] = [];
    let killsDone = 0;
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await sleep(200 + Math.random() * 900);
        await kill(started.proc);
        killsDone++;
        started = await startChild(env);
        child = started.proc;
        resumedOpen.push(started.open);
      }
    })();

    // Start the workload (retrying through crashes; StartExecution is idempotent by name + input).
    await Promise.all(
      WORK.map((w) =>
        retrying(() =>
          sfn.send(
            new StartExecutionCommand({
              stateMachineArn: SM_ARN,
              name: w.name,
              input: JSON.stringify(w.input),
            }),
          ),
        ).catch((e) => {
          if ((e as Error).name !== "ExecutionAlreadyExists") throw e;
        }),
      ),
    );

    // Answer review tokens as they appear in the log, until nothing runs any more.
    const answered = new Set<string>();
    const deadline = Date.now() + 150_000;
    for (;;) {
      const lines = existsSync(logFile)
        ? readFileSync(logFile, "utf8").split("\n").filter(Boolean)
        : [];
      for (const l of lines) {
        const e = JSON.parse(l) as { kind: string; id: string; token: string };
        if (e.kind !== "token" || answered.has(e.token)) continue;
        try {
          await retrying(() =>
            sfn.send(
              new SendTaskSuccessCommand({
                taskToken: e.token,
                output: JSON.stringify(decisionFor(e.id)),
              }),
            ),
          );
          answered.add(e.token);
        } catch (err) {
          if ((err as Error).name !== "TaskTimedOut") throw err;
          answered.add(e.token); // a token of an attempt closed by the crash: the retry issued a new one
        }
      }
      const running = await retrying(() =>
        sfn.send(new ListExecutionsCommand({ stateMachineArn: SM_ARN, statusFilter: "RUNNING" })),
      );
      if (killsDone === KILLS && (running.executions ?? []).length === 0) break;
      if (Date.now() > deadline)
        throw new Error(
          `still running: ${(running.executions ?? []).map((e) => e.name).join(", ")}`,
        );
      await sleep(200);
    }
    await killer;

    const log = readFileSync(logFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; fn: string; id: string; state: string });
    let crashedInvocations = 0;
    for (const w of WORK) {
      const arn = `${SM_ARN.replace(":stateMachine:", ":execution:")}:${w.name}`;
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      expect({
        name: w.name,
        status: d.status,
        output: d.output ? JSON.parse(d.output) : undefined,
      }).toEqual({ name: w.name, ...expected.get(w.name) });

      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000, nextToken }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const scheduled = new Map<string, number>();
      let current = "";
      for (const e of events) {
        if (e.stateEnteredEventDetails?.name) current = e.stateEnteredEventDetails.name;
        if (e.type === "TaskScheduled" || e.type === "LambdaFunctionScheduled")
          scheduled.set(current, (scheduled.get(current) ?? 0) + 1);
        if (
          e.lambdaFunctionFailedEventDetails?.error === "Lambda.SdkClientException" ||
          e.taskFailedEventDetails?.error === "Lambda.SdkClientException"
        )
          crashedInvocations++;
      }
      for (const [state, count] of scheduled) {
        const invoked = log.filter(
          (l) => l.kind === "invoke" && l.id === w.input.id && l.state === state,
        ).length;
        expect(
          invoked,
          `${w.name}/${state}: invoked ${invoked}, scheduled ${count}`,
        ).toBeLessThanOrEqual(count);
        expect(count - invoked, `${w.name}/${state}`).toBeLessThanOrEqual(KILLS);
      }
    }
    // The kills really hit open executions.
    expect(resumedOpen.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    console.log(
      `crash test: ${KILLS} kills, open executions resumed after each: ${resumedOpen.join(", ")}; in-flight invocations failed by a crash: ${crashedInvocations}`,
    );
    sfn.destroy();
  }, 240_000);
});
