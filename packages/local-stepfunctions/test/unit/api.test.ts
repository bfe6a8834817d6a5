import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSfnServer } from "../../src/index.ts";
import { fnArn, memoryRuntime, smArn } from "../support/harness.ts";

/** The Step Functions wire protocol, exercised with the real @aws-sdk/client-sfn. */
const tokens: Record<string, string> = {};
const env = memoryRuntime({
  open: (p) => {
    const { proposalId, taskToken } = p as { proposalId: string; taskToken: string };
    tokens[proposalId] = taskToken;
    return { accepted: true };
  },
});
const SM = smArn("ProposalLifecycle");
const definition = {
  StartAt: "OpenReview",
  States: {
    OpenReview: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: fnArn("open"),
        Payload: { "proposalId.$": "$.proposalId", "taskToken.$": "$$.Task.Token" },
      },
      ResultPath: "$.review",
      TimeoutSeconds: 600,
      HeartbeatSeconds: 60,
      Next: "ReviewOutcome",
    },
    ReviewOutcome: {
      Type: "Choice",
      Choices: [{ Variable: "$.review.decision", StringEquals: "approve", Next: "Approved" }],
      Default: "Closed",
    },
    Approved: { Type: "Succeed" },
    Closed: { Type: "Succeed" },
  },
};

let server: Awaited<ReturnType<typeof createSfnServer>>;
let sfn: SFNClient;

beforeAll(async () => {
  env.runtime.registerStateMachine({ arn: SM, name: "ProposalLifecycle", definition });
  server = await createSfnServer(env.runtime, { port: 0 });
  sfn = new SFNClient({
    endpoint: server.url,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "dummy", secretAccessKey: "dummy" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
  await env.runtime.stop();
});

const start = (name: string, input: object) =>
  sfn.send(new StartExecutionCommand({ stateMachineArn: SM, name, input: JSON.stringify(input) }));

describe("Step Functions API over AWS JSON 1.0", () => {
  it("StartExecution → waitForTaskToken → SendTaskSuccess → DescribeExecution", async () => {
    const { executionArn, startDate } = await start("p1-1", { proposalId: "p1" });
    expect(executionArn).toBe(
      "arn:aws:states:ap-southeast-1:123456789012:execution:ProposalLifecycle:p1-1",
    );
    expect(startDate).toBeInstanceOf(Date);
    await env.runtime.idle();
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(running.status).toBe("RUNNING");
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: tokens.p1 }));
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: tokens.p1,
        output: JSON.stringify({ decision: "approve" }),
      }),
    );
    await env.runtime.idle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output ?? "")).toEqual({
      proposalId: "p1",
      review: { decision: "approve" },
    });
    expect(done.stopDate).toBeInstanceOf(Date);
  });

  it("StartExecution is idempotent by name and input while running", async () => {
    const a = await start("p2-1", { proposalId: "p2" });
    const b = await start("p2-1", { proposalId: "p2" });
    expect(b.executionArn).toBe(a.executionArn);
    await expect(start("p2-1", { proposalId: "other" })).rejects.toMatchObject({
      name: "ExecutionAlreadyExists",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("maps errors to their AWS names", async () => {
    await env.runtime.idle();
    const cases: Array<[Promise<unknown>, string]> = [
      [
        sfn.send(
          new DescribeExecutionCommand({
            executionArn: `${SM.replace("stateMachine", "execution")}:nope`,
          }),
        ),
        "ExecutionDoesNotExist",
      ],
      [sfn.send(new DescribeExecutionCommand({ executionArn: "not-an-arn" })), "InvalidArn"],
      [
        sfn.send(new StartExecutionCommand({ stateMachineArn: smArn("Missing") })),
        "StateMachineDoesNotExist",
      ],
      [
        sfn.send(new StartExecutionCommand({ stateMachineArn: SM, input: "{oops" })),
        "InvalidExecutionInput",
      ],
      [
        sfn.send(new SendTaskSuccessCommand({ taskToken: "garbage", output: "{}" })),
        "InvalidToken",
      ],
      [
        sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.p1, output: "{}" })),
        "TaskTimedOut",
      ],
      [sfn.send(new SendTaskFailureCommand({ taskToken: "AQxyz", error: "E" })), "InvalidToken"],
      [
        sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn("Missing") })),
        "StateMachineDoesNotExist",
      ],
    ];
    for (const [p, name] of cases) await expect(p).rejects.toMatchObject({ name });
  });

  it("SendTaskFailure and StopExecution", async () => {
    const { executionArn } = await start("p3-1", { proposalId: "p3" });
    await env.runtime.idle();
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: tokens.p3, error: "Rejected", cause: "no budget" }),
    );
    await env.runtime.idle();
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: "FAILED",
      error: "Rejected",
      cause: "no budget",
    });
    const s = await start("p4-1", { proposalId: "p4" });
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: s.executionArn, error: "Cancelled" }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(
      await sfn.send(new DescribeExecutionCommand({ executionArn: s.executionArn })),
    ).toMatchObject({ status: "ABORTED", error: "Cancelled" });
  });

  it("GetExecutionHistory pages with nextToken/maxResults and honours reverseOrder", async () => {
    const executionArn = `${SM.replace("stateMachine", "execution")}:p1-1`;
    const all = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = (all.events ?? []).map((e) => e.type);
    expect(types[0]).toBe("ExecutionStarted");
    expect(types).toEqual(
      expect.arrayContaining([
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSubmitted",
        "TaskSucceeded",
        "ChoiceStateEntered",
        "ExecutionSucceeded",
      ]),
    );
    expect(all.events?.[0]?.executionStartedEventDetails?.input).toBe('{"proposalId":"p1"}');
    expect(
      all.events?.every(
        (e, i) => e.id === i + 1 && e.previousEventId === i && e.timestamp instanceof Date,
      ),
    ).toBe(true);
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }),
      );
      expect((page.events ?? []).length).toBeLessThanOrEqual(3);
      paged.push(...(page.events ?? []).map((e) => e.type ?? ""));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(paged).toEqual(types);
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }),
    );
    expect((reversed.events ?? []).map((e) => e.type)).toEqual([...types].reverse());
  });

  it("ListExecutions filters by status; ListStateMachines and DescribeStateMachine", async () => {
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: SM }));
    expect((all.executions ?? []).length).toBeGreaterThanOrEqual(4);
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: SM, statusFilter: "RUNNING" }),
    );
    expect((running.executions ?? []).map((e) => e.name)).toEqual(["p2-1"]);
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: SM, maxResults: 2 }));
    expect(page.executions).toHaveLength(2);
    expect(page.nextToken).toBeTruthy();
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((m) => m.name)).toContain("ProposalLifecycle");
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: SM }));
    expect(JSON.parse(d.definition ?? "")).toEqual(definition);
    expect(d).toMatchObject({ status: "ACTIVE", type: "STANDARD" });
  });

  it("refuses a body that is not a JSON object, and unknown operations", async () => {
    const post = async (target: string, body: string) => {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
        body,
      });
      return { status: res.status, body: (await res.json()) as { __type: string } };
    };
    for (const body of ["null", "[1]", '"x"', "{oops"])
      expect(await post("AWSStepFunctions.StartExecution", body)).toMatchObject({
        status: 400,
        body: { __type: "SerializationException" },
      });
    for (const target of ["AWSStepFunctions.toString", "AWSStepFunctions.", "Other.StartExecution"])
      expect(await post(target, "{}")).toMatchObject({
        status: 400,
        body: { __type: "UnknownOperationException" },
      });
  });

  it("serves a readable HTML view of the executions", async () => {
    const list = await (await fetch(`${server.url}/`)).text();
    expect(list).toContain("ProposalLifecycle");
    expect(list).toContain(
      `/executions/${encodeURIComponent(`${SM.replace("stateMachine", "execution")}:p2-1`)}`,
    );
    const arn = `${SM.replace("stateMachine", "execution")}:p2-1`;
    const res = await fetch(`${server.url}/executions/${encodeURIComponent(arn)}`);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).toContain("RUNNING");
    expect(page).toContain("Timers pending");
    expect(page).toMatch(/OpenReview<\/td><td>timeout/);
    expect(page).toMatch(/heartbeat/);
    expect(page).toContain("States visited");
    const failed = await (
      await fetch(
        `${server.url}/executions/${encodeURIComponent(`${SM.replace("stateMachine", "execution")}:p3-1`)}`,
      )
    ).text();
    expect(failed).toContain("Rejected");
    expect((await fetch(`${server.url}/executions/${encodeURIComponent(`${arn}x`)}`)).status).toBe(
      404,
    );
  });
});
