/**
 * Engine benchmark: the same callback-free 10-state definition (5 Lambda-style Task states run by
 * in-process handlers) through this runtime in memory and durable (DynamoDB Local), and through
 * aws-local-stepfunctions, in one run. Prints executions/s for each; the LAST line is one JSON
 * object. DynamoDB writes are counted by wrapping the client, not estimated.
 *
 *   npm run bench:engine            (BENCH_N, BENCH_DURABLE_N, BENCH_CONCURRENCY to change sizes)
 */
import { isDeepStrictEqual } from "node:util";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  createDynamoStore,
  createMemoryStore,
  createRuntime,
  type LambdaInvoker,
  type Runtime,
} from "../src/index.ts";
import { startDynamoLocal } from "../test/support/dynamodb-local.ts";

// aws-local-stepfunctions declares node>=22 for Promise.withResolvers only; polyfill it on Node 20.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
const { StateMachine } = await import("aws-local-stepfunctions");

const N = Number(process.env.BENCH_N ?? 20000);
const DURABLE_N = Number(process.env.BENCH_DURABLE_N ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const fnArn = (name: string) => `arn:aws:lambda:ap-southeast-1:000000000000:function:${name}`;

const definition = {
  Comment: "Bench: 10 states, 5 Lambda tasks, no callbacks",
  StartAt: "Init",
  States: {
    Init: {
      Type: "Pass",
      Parameters: { "orderId.$": "$.orderId", "amount.$": "$.amount", "items.$": "$.items" },
      Next: "Validate",
    },
    Validate: {
      Type: "Task",
      Resource: fnArn("validate"),
      ResultPath: "$.validation",
      Next: "Route",
    },
    Route: {
      Type: "Choice",
      Choices: [{ Variable: "$.validation.ok", BooleanEquals: true, Next: "Price" }],
      Default: "Done",
    },
    Price: { Type: "Task", Resource: fnArn("price"), ResultPath: "$.price", Next: "Tag" },
    Tag: { Type: "Pass", Result: { channel: "web" }, ResultPath: "$.tag", Next: "Reserve" },
    Reserve: {
      Type: "Task",
      Resource: fnArn("reserve"),
      ResultPath: "$.reservation",
      Next: "Charge",
    },
    Charge: {
      Type: "Task",
      Resource: fnArn("charge"),
      ResultSelector: { "chargeId.$": "$.id" },
      ResultPath: "$.charge",
      Next: "Summarize",
    },
    Summarize: {
      Type: "Pass",
      Parameters: {
        "orderId.$": "$.orderId",
        "total.$": "$.price.total",
        "chargeId.$": "$.charge.chargeId",
        "channel.$": "$.tag.channel",
      },
      Next: "Notify",
    },
    Notify: { Type: "Task", Resource: fnArn("notify"), ResultPath: "$.notified", Next: "Done" },
    Done: { Type: "Succeed" },
  },
};

type In = { orderId: string; amount: number; items: number };
const handlers: Record<string, (input: In) => unknown> = {
  validate: (i) => ({ ok: i.amount > 0 }),
  price: (i) => ({ total: i.amount * i.items }),
  reserve: (i) => ({ reserved: true, items: i.items }),
  charge: (i) => ({ id: `ch-${i.orderId}` }),
  notify: () => ({ sent: true }),
};
const invokeLambda: LambdaInvoker = async (arn, payload) => {
  const h = handlers[arn.slice(arn.lastIndexOf(":") + 1)];
  if (!h) throw new Error(`no handler for ${arn}`);
  return h(payload as In);
};
const inputOf = (i: number): In => ({
  orderId: `o-${i}`,
  amount: 100 + (i % 7),
  items: 1 + (i % 3),
});
const realClock = { nowMs: () => Date.now(), onAdvance: () => () => undefined };

async function pool(
  n: number,
  concurrency: number,
  run: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await run(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const SM_ARN = "arn:aws:states:ap-southeast-1:000000000000:stateMachine:bench";

async function runOurs(
  runtime: Runtime,
  n: number,
  prefix: string,
): Promise<{ rate: number; sample: unknown }> {
  runtime.registerStateMachine({ arn: SM_ARN, name: "bench", definition });
  await runtime.start();
  const rate = await pool(n, CONCURRENCY, async (i) => {
    const { executionArn } = await runtime.startExecution({
      stateMachineArn: SM_ARN,
      name: `${prefix}-${i}`,
      input: JSON.stringify(inputOf(i)),
    });
    const d = await runtime.waitForExecution(executionArn);
    if (d.status !== "SUCCEEDED")
      throw new Error(`${executionArn} ended ${d.status}: ${d.error} ${d.cause}`);
  });
  const d = await runtime.describeExecution(
    `${SM_ARN.replace(":stateMachine:", ":execution:")}:${prefix}-1`,
  );
  return { rate, sample: JSON.parse(d.output ?? "null") };
}

async function transitionsPerExecution(runtime: Runtime, arn: string): Promise<number> {
  const { events } = await runtime.getExecutionHistory({ executionArn: arn, maxResults: 1000 });
  return events.filter((e) => e.type.endsWith("StateEntered")).length;
}

function countWrites(client: DynamoDBClient): { count: number } {
  const counter = { count: 0 };
  const send = client.send.bind(client) as (cmd: unknown, ...rest: unknown[]) => Promise<unknown>;
  (client as unknown as { send: typeof send }).send = (cmd: unknown, ...rest: unknown[]) => {
    const name = (cmd as { constructor: { name: string } }).constructor.name;
    const input = (cmd as { input: Record<string, unknown> }).input;
    if (name === "PutItemCommand" || name === "UpdateItemCommand" || name === "DeleteItemCommand")
      counter.count += 1;
    else if (name === "TransactWriteItemsCommand")
      counter.count += (input.TransactItems as unknown[]).length;
    else if (name === "BatchWriteItemCommand")
      counter.count += Object.values(input.RequestItems as Record<string, unknown[]>).reduce(
        (a, l) => a + l.length,
        0,
      );
    return send(cmd, ...rest);
  };
  return counter;
}

// --- this runtime, in memory -------------------------------------------------------------------
await runOurs(
  createRuntime({ store: createMemoryStore(), invokeLambda, clock: realClock }),
  2000,
  "warm",
);
const mem = createRuntime({ store: createMemoryStore(), invokeLambda, clock: realClock });
const memory = await runOurs(mem, N, "m");
console.log(`local runtime (memory): ${memory.rate.toFixed(0)} executions/s (${N} executions)`);
const transitions = await transitionsPerExecution(
  mem,
  `${SM_ARN.replace(":stateMachine:", ":execution:")}:m-1`,
);
await mem.stop();

// --- aws-local-stepfunctions (peer) ------------------------------------------------------------
const peer = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
const overrides = {
  taskResourceLocalHandlers: Object.fromEntries(
    ["Validate", "Price", "Reserve", "Charge", "Notify"].map((s) => [
      s,
      async (input: unknown) => handlers[s.toLowerCase()]?.(input as In) as never,
    ]),
  ),
};
const runPeer = (i: number) => peer.run(inputOf(i) as never, { overrides }).result;
await pool(2000, CONCURRENCY, runPeer); // warm-up
const peerRate = await pool(N, CONCURRENCY, runPeer);
const peerSample = await runPeer(1);
console.log(
  `aws-local-stepfunctions (memory): ${peerRate.toFixed(0)} executions/s (${N} executions, ${CONCURRENCY} at a time)`,
);

if (!isDeepStrictEqual(memory.sample, peerSample)) {
  throw new Error(
    `outputs differ: ours ${JSON.stringify(memory.sample)} vs peer ${JSON.stringify(peerSample)}`,
  );
}

// --- this runtime, durable on DynamoDB Local ----------------------------------------------------
const ddb = await startDynamoLocal();
let durable: { rate: number; sample: unknown };
let writesPerTransition: number;
try {
  const store = createDynamoStore({ client: ddb.client, tableName: "LocalStepFunctions" });
  await store.ensureTable();
  const warm = createRuntime({ store, invokeLambda, clock: realClock });
  await runOurs(warm, 50, "dwarm");
  await warm.stop();
  const counter = countWrites(ddb.client);
  const dur = createRuntime({ store, invokeLambda, clock: realClock });
  durable = await runOurs(dur, DURABLE_N, "d");
  writesPerTransition = counter.count / (DURABLE_N * transitions);
  console.log(
    `local runtime (durable, DynamoDB Local): ${durable.rate.toFixed(0)} executions/s (${DURABLE_N} executions); ${counter.count} writes for ${DURABLE_N * transitions} transitions`,
  );
  if (!isDeepStrictEqual(durable.sample, peerSample))
    throw new Error("durable output differs from the peer's");
  await dur.stop();
} finally {
  await ddb.stop();
}

console.log(
  JSON.stringify({
    memory_executions_per_s: Math.round(memory.rate),
    durable_executions_per_s: Math.round(durable.rate),
    peer_executions_per_s: Math.round(peerRate),
    ratio_vs_peer: Number((memory.rate / peerRate).toFixed(2)),
    writes_per_transition: Number(writesPerTransition.toFixed(3)),
    transitions_per_execution: transitions,
    executions: { memory: N, durable: DURABLE_N, peer: N },
    concurrency: CONCURRENCY,
  }),
);
process.exit(0);
