/**
 * Benchmark: the durable Step Functions runtime (packages/local-stepfunctions on DynamoDB
 * Local) running the project's own lifecycle state machine (workflows/proposal-lifecycle.ts,
 * rendered to ASL through the CDK as deployed), against DynamoDB Local's conditional-put floor
 * measured in the same run, interleaved: floor, lifecycle, floor, lifecycle, ... on the same
 * DynamoDB Local. Every execution goes the approved path: OpenReview (a task token, answered
 * "approve" at once), VerifyReview, CheckNorms, AwaitDisbursement (a task token, answered
 * at once), Disbursed. The Lambda tasks are in-process stand-ins: this measures the runtime
 * and its storage, not the handlers.
 *
 *   npm run bench:durable        (DURABLE_N executions per round, DURABLE_ROUNDS, DURABLE_CONCURRENCY)
 *
 * Writes are counted by wrapping the client (a TransactWriteItems or BatchWriteItem of n items
 * counts n). The LAST line is one JSON object with `durable_storage_ratio` = executions/s ÷
 * (floor puts/s ÷ writes per execution), i.e. the write rate the runtime reaches over the rate
 * DynamoDB Local accepts; target ≥ 0.75.
 */
import os from "node:os";
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  createDynamoStore,
  createRuntime,
  type LambdaInvoker,
  type Runtime,
} from "@project8/local-stepfunctions";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Code, Function as LambdaFunction, Runtime as LambdaRuntime } from "aws-cdk-lib/aws-lambda";
import { DefinitionBody, StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { startDynamoLocal } from "../packages/local-stepfunctions/test/support/dynamodb-local.ts";
import { buildProposalLifecycle } from "../workflows/proposal-lifecycle.ts";

const N = Number(process.env.DURABLE_N ?? 300);
const ROUNDS = Number(process.env.DURABLE_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.DURABLE_CONCURRENCY ?? 32);
const FLOOR_PUTS = Number(process.env.DURABLE_FLOOR_PUTS ?? 3000);
const REGION = "ap-southeast-1";
const ACCOUNT = "000000000000";
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** The lifecycle's ASL, its Lambda ARNs named after the construct ids below. */
function lifecycleAsl(): string {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), "Bench");
  const fn = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: LambdaRuntime.NODEJS_22_X,
      handler: "index.handler",
      code: Code.fromInline("export const handler = async () => ({});"),
    });
  const definition = buildProposalLifecycle(stack, {
    openReview: fn("FnOpenReview"),
    verifyReview: fn("FnVerifyReview"),
    expireReview: fn("FnExpireReview"),
    checkNorms: fn("FnCheckNorms"),
    openDisbursement: fn("FnOpenDisbursement"),
    recordFailure: fn("FnRecordFailure"),
  });
  new StateMachine(stack, "Machine", { definitionBody: DefinitionBody.fromChainable(definition) });
  const machines = Template.fromStack(stack).findResources("AWS::StepFunctions::StateMachine");
  const def = Object.values(machines)[0]?.Properties?.DefinitionString as
    | { "Fn::Join": [string, unknown[]] }
    | string;
  if (typeof def === "string") return def;
  return def["Fn::Join"][1]
    .map((part) => {
      if (typeof part === "string") return part;
      const o = part as Record<string, unknown>;
      if (o.Ref === "AWS::Partition") return "aws";
      const att = o["Fn::GetAtt"];
      if (Array.isArray(att)) return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${att[0]}`;
      throw new Error(`unexpected intrinsic ${JSON.stringify(part)}`);
    })
    .join(def["Fn::Join"][0]);
}

let runtime: Runtime;
/** A person's answer to a task token, right after the task's Lambda returned. */
function answer(token: string, output: unknown): Record<string, never> {
  setImmediate(() => {
    runtime.sendTaskSuccess(token, JSON.stringify(output)).catch((e: unknown) => {
      console.error("callback failed", e);
    });
  });
  return {};
}
const HANDLERS: [string, (p: Record<string, unknown>) => unknown][] = [
  ["FnOpenReview", (p) => answer(String(p.taskToken), { decision: "approve", taskId: "t" })],
  ["FnVerifyReview", () => ({ decision: "approve" })],
  ["FnCheckNorms", () => ({ passed: true })],
  ["FnOpenDisbursement", (p) => answer(String(p.taskToken), { paid: 1_000_000 })],
  [
    "FnRecordFailure",
    (p) => {
      console.error(`RecordFailure: ${p.state} ${p.error}`);
      return {};
    },
  ],
];
const invokeLambda: LambdaInvoker = async (arn, payload) => {
  const name = arn.slice(arn.lastIndexOf(":") + 1);
  const h = HANDLERS.find(([id]) => name.startsWith(id))?.[1];
  if (!h) throw new Error(`no stand-in for ${arn}`);
  return h(payload as Record<string, unknown>) ?? {};
};

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

async function pool(n: number, concurrency: number, run: (i: number) => Promise<unknown>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await run(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/** Conditional puts of an item about the size of an execution record, CONCURRENCY in flight. */
async function floor(client: DynamoDBClient, round: number): Promise<number> {
  const TableName = `Floor${round}`;
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
    }),
  );
  const filler = "x".repeat(1500);
  const put = (i: number) =>
    client.send(
      new PutItemCommand({
        TableName,
        Item: { pk: { S: `F#${i}` }, sk: { N: "1" }, sn: { S: filler } },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  await pool(200, CONCURRENCY, (i) => put(-1 - i));
  const rate = await pool(FLOOR_PUTS, CONCURRENCY, put);
  await client.send(new DeleteTableCommand({ TableName }));
  return rate;
}

const SM_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ProposalLifecycle`;

async function lifecycle(prefix: string, n: number): Promise<number> {
  return pool(n, CONCURRENCY, async (i) => {
    const { executionArn } = await runtime.startExecution({
      stateMachineArn: SM_ARN,
      name: `${prefix}-${i}`,
      input: JSON.stringify({ proposalId: `P-${prefix}-${i}`, submissionNo: 1 }),
    });
    const d = await runtime.waitForExecution(executionArn);
    if (d.status !== "SUCCEEDED")
      throw new Error(`${executionArn} ended ${d.status}: ${d.error} ${d.cause}`);
  });
}

const definition = lifecycleAsl();
const ddb = await startDynamoLocal();
try {
  const store = createDynamoStore({ client: ddb.client, tableName: "BenchDurable" });
  await store.ensureTable();
  runtime = createRuntime({
    store,
    invokeLambda,
    clock: { nowMs: () => Date.now(), onAdvance: () => () => undefined },
  });
  runtime.registerStateMachine({ arn: SM_ARN, name: "ProposalLifecycle", definition });
  await runtime.start();
  await lifecycle("warm", Math.min(100, N));
  const history = await runtime.getExecutionHistory({
    executionArn: `${SM_ARN.replace(":stateMachine:", ":execution:")}:warm-0`,
    maxResults: 1000,
  });
  const states = history.events
    .filter((e) => e.type.endsWith("StateEntered"))
    .map(
      (e) => (e as { stateEnteredEventDetails?: { name?: string } }).stateEnteredEventDetails?.name,
    );
  console.log(`lifecycle path: ${states.join(" → ")}`);
  const counter = countWrites(ddb.client);
  const floors: number[] = [];
  const rates: number[] = [];
  let writes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    floors.push(await floor(ddb.client, r));
    const before = counter.count;
    rates.push(await lifecycle(`r${r}`, N));
    writes += counter.count - before;
    // Floor puts are counted too: only the lifecycle's writes are kept.
    console.log(
      `round ${r + 1}: floor ${floors[r]?.toFixed(0)} puts/s, lifecycle ${rates[r]?.toFixed(1)} executions/s, load ${load().join(" ")}`,
    );
  }
  await runtime.stop();
  const floorRate = floors.reduce((a, b) => a + b, 0) / floors.length;
  const rate = rates.reduce((a, b) => a + b, 0) / rates.length;
  const writesPerExecution = writes / (N * ROUNDS);
  const bound = floorRate / writesPerExecution;
  const ratio = rate / bound;
  console.log(
    JSON.stringify({
      benchmark: "durable",
      state_machine: "ProposalLifecycle",
      executions_per_s: Number(rate.toFixed(1)),
      floor_puts_per_s: Math.round(floorRate),
      writes_per_execution: Number(writesPerExecution.toFixed(2)),
      storage_bound_executions_per_s: Number(bound.toFixed(1)),
      durable_storage_ratio: Number(ratio.toFixed(2)),
      executions: N * ROUNDS,
      concurrency: CONCURRENCY,
      loadavg: load(),
      target_met: ratio >= 0.75,
    }),
  );
  process.exitCode = ratio >= 0.75 ? 0 : 1;
} finally {
  await ddb.stop();
}
process.exit();
