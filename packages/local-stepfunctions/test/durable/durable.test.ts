import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDynamoStore,
  createRuntime,
  FakeClock,
  IN_FLIGHT_CAUSE,
  type LambdaInvoker,
  type Runtime,
} from "../../src/index.ts";
import { startDynamoLocal } from "../support/dynamodb-local.ts";
import { fnArn, smArn } from "../support/harness.ts";

/** The DynamoDB store: one conditional PutItem per step, and restarts that resume every execution. */
let ddb: Awaited<ReturnType<typeof startDynamoLocal>>;
const TABLE = "LocalStepFunctions";

beforeAll(async () => {
  ddb = await startDynamoLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

const SM = smArn("Durable");
const definition = {
  StartAt: "Route",
  States: {
    Route: {
      Type: "Choice",
      Choices: [
        { Variable: "$.mode", StringEquals: "token", Next: "Review" },
        { Variable: "$.mode", StringEquals: "wait", Next: "Nap" },
        { Variable: "$.mode", StringEquals: "retry", Next: "Flaky" },
      ],
      Default: "Compute",
    },
    Review: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: fnArn("review"),
        Payload: { "id.$": "$.id", "token.$": "$$.Task.Token" },
      },
      ResultPath: "$.review",
      TimeoutSeconds: 3600,
      Next: "Compute",
    },
    Nap: { Type: "Wait", Seconds: 600, Next: "Compute" },
    Flaky: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: fnArn("flaky"), Payload: { "id.$": "$.id" } },
      ResultSelector: { "value.$": "$.Payload" },
      ResultPath: "$.flaky",
      Retry: [
        {
          ErrorEquals: ["Lambda.ServiceException", "Lambda.SdkClientException"],
          IntervalSeconds: 30,
          MaxAttempts: 6,
          BackoffRate: 2,
        },
      ],
      Next: "Compute",
    },
    Compute: {
      Type: "Task",
      Resource: fnArn("compute"),
      ResultPath: "$.computed",
      Retry: [{ ErrorEquals: ["Lambda.SdkClientException"], IntervalSeconds: 5 }],
      Next: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

function makeRuntime(
  clock: FakeClock,
  invoke: LambdaInvoker,
  countWrites?: { n: number },
): Runtime {
  const client = ddb.client;
  if (countWrites) {
    const send = client.send.bind(client) as (c: unknown) => Promise<unknown>;
    (client as unknown as { send: typeof send }).send = (c: unknown) => {
      const name = (c as object).constructor.name;
      if (
        name === "PutItemCommand" ||
        name === "UpdateItemCommand" ||
        name === "TransactWriteItemsCommand"
      )
        countWrites.n++;
      return send(c);
    };
  }
  const runtime = createRuntime({
    store: createDynamoStore({ client, tableName: TABLE }),
    clock,
    invokeLambda: invoke,
    tokenSecret: "test-secret",
  });
  runtime.registerStateMachine({ arn: SM, name: "Durable", definition });
  return runtime;
}

describe("durable runtime on DynamoDB Local", () => {
  it("writes one conditional write per step, the close with the last one, and keeps the whole history", async () => {
    const clock = new FakeClock();
    const writes = { n: 0 };
    const rt = makeRuntime(
      clock,
      async (fn, p) => (fn.endsWith("compute") ? { doubled: 2 } : p),
      writes,
    );
    await rt.start();
    const before = writes.n;
    const { executionArn } = await rt.startExecution({
      stateMachineArn: SM,
      name: "plain-1",
      input: '{"mode":"plain","id":"a"}',
    });
    const d = await rt.waitForExecution(executionArn);
    expect(d.status).toBe("SUCCEEDED");
    // record 1 (start → Compute scheduled), then record 2 (Compute result → Done → succeeded)
    // with the close of item 1 in the same TransactWriteItems: two requests in all.
    expect(writes.n - before).toBe(2);
    const items = await ddb.client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "pk = :a",
        ExpressionAttributeValues: { ":a": { S: executionArn } },
      }),
    );
    expect(items.Items?.map((i) => i.sk?.N)).toEqual(["1", "2"]);
    // Closed by that write: out of the open index, its final status listed.
    expect(items.Items?.[0]?.op).toBeUndefined();
    expect(items.Items?.[0]?.fin?.S).toBe("SUCCEEDED");
    const { events } = await rt.getExecutionHistory({ executionArn });
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "SucceedStateEntered",
      "SucceedStateExited",
      "ExecutionSucceeded",
    ]);
    await rt.stop();
  });

  it("after a restart: a token issued before it works, Wait and retry timers fire on time, in-flight Lambdas fail with Lambda.SdkClientException", async () => {
    const clock = new FakeClock();
    const tokens: Record<string, string> = {};
    let hang = true;
    const invoke: LambdaInvoker = async (fn, p) => {
      const payload = p as { id: string; token?: string };
      if (fn.endsWith("review")) tokens[payload.id] = payload.token ?? "";
      if (fn.endsWith("flaky"))
        throw Object.assign(new Error("throttled"), { name: "Lambda.ServiceException" });
      if (fn.endsWith("compute") && hang) return new Promise(() => undefined); // in flight at the "crash"
      return { ok: payload.id ?? true };
    };
    const a = makeRuntime(clock, invoke);
    await a.start();
    const arn = async (name: string, input: object) =>
      (await a.startExecution({ stateMachineArn: SM, name, input: JSON.stringify(input) }))
        .executionArn;
    const token = await arn("r-token", { mode: "token", id: "t" });
    const wait = await arn("r-wait", { mode: "wait", id: "w" });
    const retry = await arn("r-retry", { mode: "retry", id: "r" });
    await a.idle();
    clock.advance(100_000); // 100 s: Nap still waits (600 s), Flaky retried after 30 s and 60 s
    await a.idle();
    const inflight = await arn("r-inflight", { mode: "plain", id: "i" });
    await new Promise((r) => setTimeout(r, 100)); // Compute is now invoked and never returns
    await a.stop(); // crash-like: nothing more from this instance

    hang = false;
    const b = makeRuntime(clock, invoke);
    await b.start();
    await b.idle();
    await b.sendTaskSuccess(tokens.t as string, JSON.stringify({ decision: "approve" }));
    await b.idle();
    expect((await b.describeExecution(token)).status).toBe("SUCCEEDED");
    expect(JSON.parse((await b.describeExecution(token)).output ?? "")).toMatchObject({
      review: { decision: "approve" },
      computed: { ok: "t" },
    });

    // the in-flight Compute failed with SdkClientException; its Retry re-runs it after 5 s
    clock.advance(5000);
    await b.idle();
    const d = await b.describeExecution(inflight);
    expect(d.status).toBe("SUCCEEDED");
    const h = await b.getExecutionHistory({ executionArn: inflight });
    expect(
      h.events.find((e) => e.type === "LambdaFunctionFailed")?.lambdaFunctionFailedEventDetails,
    ).toEqual({ error: "Lambda.SdkClientException", cause: IN_FLIGHT_CAUSE });

    expect((await b.describeExecution(wait)).status).toBe("RUNNING");
    clock.advance(495_000); // 600 s after the start
    await b.idle();
    expect((await b.describeExecution(wait)).status).toBe("SUCCEEDED");

    clock.advance(10_000_000); // retries exhaust (6 attempts)
    for (let i = 0; i < 10; i++) {
      clock.advance(1_000_000);
      await b.idle();
    }
    expect(await b.describeExecution(retry)).toMatchObject({
      status: "FAILED",
      error: "Lambda.ServiceException",
    });
    const listed = await b.listExecutions({ stateMachineArn: SM, statusFilter: "RUNNING" });
    expect(listed.executions).toEqual([]);
    await b.stop();
  });

  it("two runtimes can never both advance one execution (conditional write on the sequence number)", async () => {
    const clock = new FakeClock();
    const tokens: Record<string, string> = {};
    const invoke: LambdaInvoker = async (fn, p) => {
      const payload = p as { id: string; token?: string };
      if (fn.endsWith("review")) tokens[payload.id] = payload.token ?? "";
      return {};
    };
    const a = makeRuntime(clock, invoke);
    await a.start();
    const { executionArn } = await a.startExecution({
      stateMachineArn: SM,
      name: "race-1",
      input: '{"mode":"token","id":"race"}',
    });
    await a.idle();
    const b = makeRuntime(clock, invoke);
    await b.start(); // b also loads the open execution
    await b.idle();
    await a.sendTaskSuccess(tokens.race as string, '{"by":"a"}');
    await a.idle();
    await expect(b.sendTaskSuccess(tokens.race as string, '{"by":"b"}')).rejects.toThrow(/exists/);
    const d = await a.waitForExecution(executionArn);
    expect(JSON.parse(d.output ?? "")).toMatchObject({ review: { by: "a" } });
    await a.stop();
    await b.stop();
  });
});
