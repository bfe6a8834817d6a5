import { describe, expect, it } from "vitest";
import { IN_FLIGHT_CAUSE, UnsupportedDefinitionError } from "../../src/index.ts";
import { fnArn, memoryRuntime, runOurs, smArn } from "../support/harness.ts";

const _DG = "https://docs.aws.amazon.com/step-functions/latest/dg";
const INVOKE = "arn:aws:states:::lambda:invoke";
const CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";

async function start(
  env: ReturnType<typeof memoryRuntime>,
  definition: object,
  input: unknown = {},
  name?: string,
) {
  const sm = `m${Math.random().toString(36).slice(2, 8)}`;
  env.runtime.registerStateMachine({ arn: smArn(sm), name: sm, definition });
  const { executionArn } = await env.runtime.startExecution({
    stateMachineArn: smArn(sm),
    input: JSON.stringify(input),
    name,
  });
  await env.runtime.idle();
  return executionArn;
}

const status = async (env: ReturnType<typeof memoryRuntime>, arn: string) =>
  (await env.runtime.describeExecution(arn)).status;

describe("Wait state (state-wait.html)", () => {
  // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: Seconds, Timestamp, SecondsPath, TimestampPath
  const cases: Array<[string, object, object, number]> = [
    ["Seconds", { Seconds: 10 }, {}, 10_000],
    ["SecondsPath", { SecondsPath: "$.delay" }, { delay: 30 }, 30_000],
    ["Timestamp", { Timestamp: "2026-01-01T00:05:00Z" }, {}, 300_000],
    [
      "TimestampPath",
      { TimestampPath: "$.expirydate" },
      { expirydate: "2026-01-01T01:00:00Z" },
      3_600_000,
    ],
  ];
  for (const [name, field, input, delay] of cases) {
    it(`${name} waits until the clock passes the due time`, async () => {
      const env = memoryRuntime();
      const arn = await start(
        env,
        {
          StartAt: "W",
          States: { W: { Type: "Wait", ...field, Next: "Done" }, Done: { Type: "Succeed" } },
        },
        input,
      );
      expect(await status(env, arn)).toBe("RUNNING");
      env.clock.advance(delay - 1);
      await env.runtime.idle();
      expect(await status(env, arn)).toBe("RUNNING");
      env.clock.advance(1);
      await env.runtime.idle();
      const d = await env.runtime.describeExecution(arn);
      expect(d.status).toBe("SUCCEEDED");
      expect(JSON.parse(d.output ?? "null")).toEqual(input);
    });
  }

  it("a past Timestamp does not wait", async () => {
    const r = await runOurs(
      {
        StartAt: "W",
        States: { W: { Type: "Wait", Timestamp: "2016-03-14T01:59:00Z", End: true } },
      },
      { a: 1 },
    );
    expect(r.output).toEqual({ a: 1 });
  });

  it("an invalid SecondsPath value fails with States.Runtime", async () => {
    const r = await runOurs(
      { StartAt: "W", States: { W: { Type: "Wait", SecondsPath: "$.d", End: true } } },
      { d: "soon" },
    );
    expect(r).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });
});

describe("Retry timing (concepts-error-handling.html)", () => {
  const failing = (times: number) => {
    let n = 0;
    return () => {
      if (n++ < times) throw Object.assign(new Error("boom"), { name: "Lambda.ServiceException" });
      return { ok: true };
    };
  };
  const machine = (retry: object) => ({
    StartAt: "T",
    States: { T: { Type: "Task", Resource: fnArn("f"), Retry: [retry], End: true } },
  });

  it("IntervalSeconds 3, BackoffRate 1.5: retries after 3 s then 4.5 s", async () => {
    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: "the retry interval is 3 seconds, then 4.5 seconds"
    const r = await runOurs(
      machine({
        ErrorEquals: ["States.ALL"],
        IntervalSeconds: 3,
        MaxAttempts: 2,
        BackoffRate: 1.5,
      }),
      {},
      { f: failing(2) },
    );
    expect(r.status).toBe("SUCCEEDED");
    const t0 = r.calls[0]?.at ?? 0;
    expect(r.calls.map((c) => c.at - t0)).toEqual([0, 3000, 7500]);
  });

  it("MaxDelaySeconds caps the back-off", async () => {
    const r = await runOurs(
      machine({
        ErrorEquals: ["Lambda.ServiceException"],
        IntervalSeconds: 3,
        MaxAttempts: 4,
        BackoffRate: 2,
        MaxDelaySeconds: 5,
      }),
      {},
      { f: failing(4) },
    );
    const t0 = r.calls[0]?.at ?? 0;
    expect(r.calls.map((c) => c.at - t0)).toEqual([0, 3000, 8000, 13000, 18000]);
  });

  it("JitterStrategy FULL waits at most the computed interval", async () => {
    const r = await runOurs(
      machine({
        ErrorEquals: ["States.ALL"],
        IntervalSeconds: 10,
        MaxAttempts: 3,
        BackoffRate: 2,
        JitterStrategy: "FULL",
      }),
      {},
      { f: failing(3) },
    );
    const gaps = r.calls.slice(1).map((c, i) => c.at - (r.calls[i]?.at ?? 0));
    expect(gaps).toHaveLength(3);
    gaps.forEach((g, i) => {
      expect(g).toBeGreaterThanOrEqual(0);
      expect(g).toBeLessThanOrEqual(10_000 * 2 ** i);
    });
  });

  it("MaxAttempts exhausted fails the execution with the last error; $$.State.RetryCount counts retries", async () => {
    const r = await runOurs(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: fnArn("f"),
            Parameters: { "retry.$": "$$.State.RetryCount" },
            Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }],
            End: true,
          },
        },
      },
      {},
      { f: failing(10) },
    );
    expect(r).toMatchObject({ status: "FAILED", error: "Lambda.ServiceException", cause: "boom" });
    expect(r.calls.map((c) => c.payload)).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
  });

  it("States.Runtime is neither retried nor caught by States.ALL", async () => {
    const r = await runOurs(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: fnArn("f"),
            InputPath: "$.missing",
            Retry: [{ ErrorEquals: ["States.ALL"] }],
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }],
            End: true,
          },
          C: { Type: "Succeed" },
        },
      },
      {},
      { f: () => 1 },
    );
    expect(r).toMatchObject({ status: "FAILED", error: "States.Runtime" });
    expect(r.calls).toHaveLength(0);
  });

  it("ParameterPathFailure, ResultPathMatchFailure and IntrinsicFailure are catchable", async () => {
    for (const [state, error] of [
      [{ Type: "Pass", Parameters: { "x.$": "$.nope" } }, "States.ParameterPathFailure"],
      [
        { Type: "Task", Resource: fnArn("f"), ResultPath: "$.s.inner" },
        "States.ResultPathMatchFailure",
      ],
      [
        { Type: "Pass", Parameters: { "x.$": "States.ArrayGetItem($.arr, 5)" } },
        "States.IntrinsicFailure",
      ],
    ] as const) {
      const catcher =
        state.Type === "Pass"
          ? {}
          : { Catch: [{ ErrorEquals: [error], Next: "C", ResultPath: "$.err" }] };
      const def =
        state.Type === "Pass"
          ? {
              StartAt: "P",
              States: {
                P: {
                  Type: "Parallel",
                  Branches: [{ StartAt: "S", States: { S: { ...state, End: true } } }],
                  Catch: [{ ErrorEquals: [error], Next: "C", ResultPath: "$.err" }],
                  Next: "C",
                },
                C: { Type: "Pass", OutputPath: "$.err.Error", End: true },
              },
            }
          : {
              StartAt: "S",
              States: {
                S: { ...state, ...catcher, Next: "C" },
                C: { Type: "Pass", OutputPath: "$.err.Error", End: true },
              },
            };
      const r = await runOurs(def, { s: "text", arr: [1] }, { f: () => 1 });
      expect(r.output).toBe(error);
    }
  });
});

describe("Lambda tasks", () => {
  it("lambda:invoke returns the AWS result shape and maps errors like Lambda does", async () => {
    const r = await runOurs(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: INVOKE,
            Parameters: { FunctionName: fnArn("f"), "Payload.$": "$" },
            ResultPath: "$.res",
            End: true,
          },
        },
      },
      { a: 1 },
      { f: (p) => ({ echo: p }) },
    );
    const res = (r.output as { res: Record<string, unknown> }).res;
    expect(res).toMatchObject({
      ExecutedVersion: "$LATEST",
      Payload: { echo: { a: 1 } },
      StatusCode: 200,
    });
    expect(res.SdkHttpMetadata).toMatchObject({ HttpStatusCode: 200 });
    expect(res.SdkResponseMetadata).toHaveProperty("RequestId");

    const failed = await runOurs(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: INVOKE,
            Parameters: { FunctionName: "f", Payload: {} },
            End: true,
          },
        },
      },
      {},
      {
        f: () => {
          throw Object.assign(new Error("amount must be positive"), { name: "ValidationError" });
        },
      },
    );
    expect(failed).toMatchObject({
      status: "FAILED",
      error: "ValidationError",
      cause: JSON.stringify({
        errorMessage: "amount must be positive",
        errorType: "ValidationError",
      }),
    });
  });

  it("a plain function ARN resource returns the function's value", async () => {
    const r = await runOurs(
      { StartAt: "T", States: { T: { Type: "Task", Resource: fnArn("f"), End: true } } },
      { a: 2 },
      { f: (p) => (p as { a: number }).a * 21 },
    );
    expect(r.output).toBe(42);
  });

  it("the Context object matches input-output-contextobject.html", async () => {
    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
    const env = memoryRuntime({ f: (p) => p });
    const r = await runOurs(
      {
        StartAt: "Ctx",
        States: {
          Ctx: {
            Type: "Task",
            Resource: fnArn("f"),
            Parameters: {
              "id.$": "$$.Execution.Id",
              "name.$": "$$.Execution.Name",
              "input.$": "$$.Execution.Input",
              "start.$": "$$.Execution.StartTime",
              "role.$": "$$.Execution.RoleArn",
              "state.$": "$$.State.Name",
              "entered.$": "$$.State.EnteredTime",
              "retries.$": "$$.State.RetryCount",
              "sm.$": "$$.StateMachine.Id",
              "smName.$": "$$.StateMachine.Name",
            },
            End: true,
          },
        },
      },
      { k: "v" },
      {},
      env,
    );
    const o = r.output as Record<string, unknown>;
    const d = await env.runtime.describeExecution(r.executionArn);
    expect(o).toMatchObject({
      id: r.executionArn,
      name: d.name,
      input: { k: "v" },
      start: d.startDate.toISOString(),
      state: "Ctx",
      entered: d.startDate.toISOString(),
      retries: 0,
    });
    expect(o.sm).toBe(d.stateMachineArn);
    expect(String(o.role)).toMatch(/^arn:aws:iam::/);
  });
});

describe("callbacks, timeouts and heartbeats", () => {
  const callbackMachine = (extra: object = {}) => ({
    StartAt: "OpenReview",
    States: {
      OpenReview: {
        Type: "Task",
        Resource: CALLBACK,
        Parameters: {
          FunctionName: fnArn("open"),
          Payload: { "proposalId.$": "$.proposalId", "taskToken.$": "$$.Task.Token" },
        },
        ResultPath: "$.review",
        TimeoutSeconds: 3600,
        Catch: [{ ErrorEquals: ["States.Timeout"], Next: "Expired" }],
        Next: "Decided",
        ...extra,
      },
      Decided: { Type: "Succeed" },
      Expired: { Type: "Pass", Result: "expired", End: true },
    },
  });
  const tokens: string[] = [];
  const handlers = {
    open: (p: unknown) => void tokens.push((p as { taskToken: string }).taskToken),
  };

  it("SendTaskSuccess completes the task with the parsed output; the token is then closed", async () => {
    const env = memoryRuntime(handlers);
    const arn = await start(env, callbackMachine(), { proposalId: "p1" });
    const token = tokens.at(-1) as string;
    expect(token).not.toContain("arn:");
    expect(await status(env, arn)).toBe("RUNNING");
    await env.runtime.sendTaskSuccess(token, JSON.stringify({ decision: "approve" }));
    await env.runtime.idle();
    const d = await env.runtime.describeExecution(arn);
    expect(JSON.parse(d.output ?? "")).toEqual({
      proposalId: "p1",
      review: { decision: "approve" },
    });
    await expect(env.runtime.sendTaskSuccess(token, "{}")).rejects.toMatchObject({
      name: "TaskTimedOut",
    });
    await expect(env.runtime.sendTaskSuccess("AQnot-a-token", "{}")).rejects.toMatchObject({
      name: "InvalidToken",
    });
    await expect(env.runtime.sendTaskSuccess(token, "not json")).rejects.toMatchObject({
      name: "InvalidOutput",
    });
  });

  it("TimeoutSeconds fires States.Timeout, caught by Catch; a late token gets TaskTimedOut", async () => {
    const env = memoryRuntime(handlers);
    const arn = await start(env, callbackMachine(), { proposalId: "p2" });
    const token = tokens.at(-1) as string;
    env.clock.advance(3600_000);
    await env.runtime.idle();
    const d = await env.runtime.describeExecution(arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output ?? "")).toBe("expired");
    await expect(env.runtime.sendTaskSuccess(token, "{}")).rejects.toMatchObject({
      name: "TaskTimedOut",
    });
    const { events } = await env.runtime.getExecutionHistory({ executionArn: arn });
    expect(events.map((e) => e.type)).toContain("TaskTimedOut");
  });

  it("TimeoutSecondsPath reads the timeout from the input", async () => {
    const env = memoryRuntime(handlers);
    const def = callbackMachine({ TimeoutSeconds: undefined, TimeoutSecondsPath: "$.timeout" });
    const arn = await start(env, JSON.parse(JSON.stringify(def)), {
      proposalId: "p3",
      timeout: 60,
    });
    env.clock.advance(59_000);
    await env.runtime.idle();
    expect(await status(env, arn)).toBe("RUNNING");
    env.clock.advance(1000);
    await env.runtime.idle();
    expect((await env.runtime.describeExecution(arn)).output).toBe('"expired"');
  });

  it("heartbeats keep a task alive; a missed heartbeat fails it with States.HeartbeatTimeout", async () => {
    const env = memoryRuntime(handlers);
    const arn = await start(
      env,
      callbackMachine({
        HeartbeatSeconds: 60,
        Catch: [{ ErrorEquals: ["Nope"], Next: "Expired" }],
      }),
      { proposalId: "p4" },
    );
    const token = tokens.at(-1) as string;
    for (let i = 0; i < 3; i++) {
      env.clock.advance(50_000);
      await env.runtime.sendTaskHeartbeat(token);
      await env.runtime.idle();
    }
    expect(await status(env, arn)).toBe("RUNNING");
    env.clock.advance(60_000);
    await env.runtime.idle();
    expect(await env.runtime.describeExecution(arn)).toMatchObject({
      status: "FAILED",
      error: "States.HeartbeatTimeout",
    });
  });

  it("SendTaskFailure fails the task with the given error and cause", async () => {
    const env = memoryRuntime(handlers);
    const arn = await start(env, callbackMachine(), { proposalId: "p5" });
    await env.runtime.sendTaskFailure(tokens.at(-1) as string, "Rejected", "not eligible");
    await env.runtime.idle();
    expect(await env.runtime.describeExecution(arn)).toMatchObject({
      status: "FAILED",
      error: "Rejected",
      cause: "not eligible",
    });
  });

  it("StopExecution aborts; the execution's token is then closed", async () => {
    const env = memoryRuntime(handlers);
    const arn = await start(env, callbackMachine(), { proposalId: "p6" });
    await env.runtime.stopExecution(arn, "Stopped", "by test");
    expect(await env.runtime.describeExecution(arn)).toMatchObject({
      status: "ABORTED",
      error: "Stopped",
    });
    await expect(env.runtime.sendTaskSuccess(tokens.at(-1) as string, "{}")).rejects.toMatchObject({
      name: "TaskTimedOut",
    });
  });

  it("the state machine's TimeoutSeconds times the execution out", async () => {
    const env = memoryRuntime(handlers);
    const arn = await start(
      env,
      { ...callbackMachine(), TimeoutSeconds: 10 },
      { proposalId: "p7" },
    );
    env.clock.advance(10_000);
    await env.runtime.idle();
    expect(await env.runtime.describeExecution(arn)).toMatchObject({ status: "TIMED_OUT" });
  });
});

describe("StartExecution idempotency", () => {
  it("same name + same input while running returns the same ARN; otherwise ExecutionAlreadyExists", async () => {
    const env = memoryRuntime({ open: () => null });
    const def = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 60, End: true } } };
    env.runtime.registerStateMachine({ arn: smArn("idem"), name: "idem", definition: def });
    const a = await env.runtime.startExecution({
      stateMachineArn: smArn("idem"),
      name: "p-1",
      input: '{"a":1}',
    });
    const b = await env.runtime.startExecution({
      stateMachineArn: smArn("idem"),
      name: "p-1",
      input: '{"a":1}',
    });
    expect(b.executionArn).toBe(a.executionArn);
    await expect(
      env.runtime.startExecution({ stateMachineArn: smArn("idem"), name: "p-1", input: '{"a":2}' }),
    ).rejects.toMatchObject({ name: "ExecutionAlreadyExists" });
    env.clock.advance(60_000);
    await env.runtime.idle();
    await expect(
      env.runtime.startExecution({ stateMachineArn: smArn("idem"), name: "p-1", input: '{"a":1}' }),
    ).rejects.toMatchObject({ name: "ExecutionAlreadyExists" });
  });
});

describe("restart semantics (memory store)", () => {
  it("a Lambda invocation in flight at stop() fails with Lambda.SdkClientException and the Retry decides", async () => {
    let release: (v: unknown) => void = () => undefined;
    let calls = 0;
    const env = memoryRuntime({
      f: () => {
        calls++;
        return calls === 1 ? new Promise((r) => (release = r)) : { second: true };
      },
    });
    const def = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: fnArn("f"),
          Retry: [{ ErrorEquals: ["Lambda.SdkClientException"], IntervalSeconds: 2 }],
          End: true,
        },
      },
    };
    const sm = "restart";
    env.runtime.registerStateMachine({ arn: smArn(sm), name: sm, definition: def });
    const { executionArn } = await env.runtime.startExecution({ stateMachineArn: smArn(sm) });
    await new Promise((r) => setTimeout(r, 10));
    await env.runtime.stop();
    release({ first: true }); // the abandoned invocation's result is ignored
    await env.runtime.start();
    await env.runtime.idle();
    env.clock.advance(2000);
    await env.runtime.idle();
    const d = await env.runtime.describeExecution(executionArn);
    expect(d).toMatchObject({ status: "SUCCEEDED", output: '{"second":true}' });
    const { events } = await env.runtime.getExecutionHistory({ executionArn });
    const failed = events.find((e) => e.type === "LambdaFunctionFailed");
    expect(failed?.lambdaFunctionFailedEventDetails).toEqual({
      error: "Lambda.SdkClientException",
      cause: IN_FLIGHT_CAUSE,
    });
  });
});

describe("definitions the runtime cannot run are rejected at load", () => {
  const reject = (definition: object) => {
    const env = memoryRuntime();
    try {
      env.runtime.registerStateMachine({ arn: smArn("bad"), name: "bad", definition });
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedDefinitionError);
      return e as UnsupportedDefinitionError;
    }
    throw new Error("the definition was accepted");
  };

  it("JSONata at the top level or in a state", () => {
    expect(
      reject({ QueryLanguage: "JSONata", StartAt: "A", States: { A: { Type: "Succeed" } } })
        .message,
    ).toMatch(/JSONata.*not supported/);
    const e = reject({
      StartAt: "A",
      States: { A: { Type: "Pass", QueryLanguage: "JSONata", Output: "{% 1 %}", End: true } },
    });
    expect(e).toMatchObject({ stateName: "A", field: "QueryLanguage" });
  });

  it("a Type or a field named like a member of Object.prototype is refused as unknown", () => {
    expect(reject({ StartAt: "A", States: { A: { Type: "toString", End: true } } })).toMatchObject({
      stateName: "A",
      field: "Type",
    });
    const e = reject({ StartAt: "A", States: { A: { Type: "Pass", constructor: 1, End: true } } });
    expect(e.message).toBe(
      "State machine 'bad': state 'A', field 'constructor': unsupported field for a Pass state",
    );
  });

  it("names the state and the field", () => {
    expect(
      reject({ StartAt: "A", States: { A: { Type: "Pass", Assign: { x: 1 }, End: true } } }),
    ).toMatchObject({ stateName: "A", field: "Assign" });
    expect(
      reject({
        StartAt: "A",
        States: { A: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } },
      }),
    ).toMatchObject({ stateName: "A", field: "Resource" });
    expect(
      reject({
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ItemReader: {},
            ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
            End: true,
          },
        },
      }),
    ).toMatchObject({ stateName: "M", field: "ItemReader" });
    expect(
      reject({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }),
    ).toMatchObject({ stateName: "A", field: "Next" });
    expect(
      reject({
        StartAt: "A",
        States: {
          A: { Type: "Task", Resource: CALLBACK, Parameters: { FunctionName: "f" }, End: true },
        },
      }).message,
    ).toMatch(/Task\.Token/);
    expect(
      reject({
        StartAt: "A",
        States: { A: { Type: "Pass", Parameters: { "x.$": "States.Nope($)" }, End: true } },
      }),
    ).toMatchObject({ stateName: "A", field: "Parameters" });
    expect(reject({ StartAt: "A", States: { A: { Type: "Activity", End: true } } })).toMatchObject({
      stateName: "A",
      field: "Type",
    });
    expect(
      reject({
        StartAt: "A",
        States: {
          A: {
            Type: "Task",
            Resource: fnArn("f"),
            Retry: [{ ErrorEquals: ["States.ALL"], Foo: 1 }],
            End: true,
          },
        },
      }).field,
    ).toBe("Retry[0].Foo");
  });
});
