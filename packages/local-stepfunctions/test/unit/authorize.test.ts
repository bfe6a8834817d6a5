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
  SFNServiceException,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AuthorizationRequest, createSfnServer } from "../../src/index.ts";
import { fnArn, memoryRuntime, smArn } from "../support/harness.ts";

/**
 * The server's authorization hook, seen through @aws-sdk/client-sfn: every API call is put to
 * the hook with its IAM action and resource, and a refusal is the AccessDeniedException AWS
 * answers (HTTP 400, AWS JSON 1.0 error body), with nothing done.
 */
const tokens: Record<string, string> = {};
const env = memoryRuntime({
  open: (p) => {
    const { id, taskToken } = p as { id: string; taskToken: string };
    tokens[id] = taskToken;
    return {};
  },
});
const SM = smArn("Guarded");
const OTHER = smArn("Open");
const execArn = (sm: string, name: string) =>
  `${sm.replace(":stateMachine:", ":execution:")}:${name}`;
const definition = {
  StartAt: "Wait for review",
  States: {
    "Wait for review": {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: fnArn("open"),
        Payload: { "id.$": "$.id", "taskToken.$": "$$.Task.Token" },
      },
      End: true,
    },
  },
};

/** What the hook saw, and the (action, resource) pairs it refuses. */
const calls: AuthorizationRequest[] = [];
const denied = new Set<string>();
const DENY_MESSAGE = (c: AuthorizationRequest) =>
  `User: arn:aws:iam::123456789012:user/tester is not authorized to perform: ${c.action} on resource: ${c.resource} because no identity-based policy allows the ${c.action} action`;

let server: Awaited<ReturnType<typeof createSfnServer>>;
let sfn: SFNClient;

beforeAll(async () => {
  env.runtime.registerStateMachine({ arn: SM, name: "Guarded", definition });
  env.runtime.registerStateMachine({ arn: OTHER, name: "Open", definition });
  server = await createSfnServer(env.runtime, {
    port: 0,
    // Asynchronous on purpose: a policy evaluation may look things up.
    authorize: async (call) => {
      calls.push(call);
      await Promise.resolve();
      return denied.has(`${call.action} ${call.resource}`)
        ? { allowed: false, message: DENY_MESSAGE(call) }
        : { allowed: true };
    },
  });
  sfn = new SFNClient({
    endpoint: server.url,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "AKIDTESTER", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
  await env.runtime.stop();
});
beforeEach(() => {
  calls.length = 0;
  denied.clear();
});

const last = () => {
  const c = calls.at(-1);
  return c && { action: c.action, resource: c.resource };
};

describe("authorize hook of the Step Functions server", () => {
  it("a refused StartExecution is an AccessDeniedException (HTTP 400) and starts nothing", async () => {
    denied.add(`states:StartExecution ${SM}`);
    const refused = sfn.send(
      new StartExecutionCommand({ stateMachineArn: SM, name: "refused-1", input: '{"id":"r1"}' }),
    );
    await expect(refused).rejects.toBeInstanceOf(SFNServiceException);
    await expect(refused).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: DENY_MESSAGE({ action: "states:StartExecution", resource: SM, headers: {} }),
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    });
    expect(last()).toEqual({ action: "states:StartExecution", resource: SM });
    const listed = await env.runtime.listExecutions({ stateMachineArn: SM });
    expect(listed.executions.map((e) => e.name)).not.toContain("refused-1");
    // The same caller may still start an execution of another state machine.
    const other = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: OTHER,
        name: "allowed-1",
        input: '{"id":"a1"}',
      }),
    );
    expect(other.executionArn).toBe(execArn(OTHER, "allowed-1"));
  });

  it("answers with the exact AWS JSON 1.0 error body", async () => {
    denied.add("states:ListStateMachines *");
    const res = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AWSStepFunctions.ListStateMachines",
      },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(await res.json()).toEqual({
      __type: "AccessDeniedException",
      message: DENY_MESSAGE({ action: "states:ListStateMachines", resource: "*", headers: {} }),
    });
  });

  it("passes the request headers: the SigV4 Authorization header names the caller's access key", async () => {
    await sfn.send(new ListStateMachinesCommand({}));
    const headers = calls.at(-1)?.headers ?? {};
    expect(String(headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTER\//);
    expect(headers["x-amz-target"]).toBe("AWSStepFunctions.ListStateMachines");
  });

  it("names the action and the resource of every operation as IAM does", async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: SM, name: "seen-1", input: '{"id":"s1"}' }),
    );
    expect(last()).toEqual({ action: "states:StartExecution", resource: SM });
    await env.runtime.idle();
    const token = tokens.s1 as string;
    const cases: Array<[() => Promise<unknown>, string, string]> = [
      [
        () => sfn.send(new DescribeExecutionCommand({ executionArn })),
        "DescribeExecution",
        executionArn ?? "",
      ],
      [
        () => sfn.send(new GetExecutionHistoryCommand({ executionArn })),
        "GetExecutionHistory",
        executionArn ?? "",
      ],
      [() => sfn.send(new ListExecutionsCommand({ stateMachineArn: SM })), "ListExecutions", SM],
      [
        () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: SM })),
        "DescribeStateMachine",
        SM,
      ],
      [() => sfn.send(new ListStateMachinesCommand({})), "ListStateMachines", "*"],
      [() => sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })), "SendTaskHeartbeat", SM],
      [
        () => sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
        "SendTaskSuccess",
        SM,
      ],
    ];
    for (const [call, action, resource] of cases) {
      await call();
      expect(last()).toEqual({ action: `states:${action}`, resource });
    }
    const second = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: OTHER, name: "seen-2", input: '{"id":"s2"}' }),
    );
    await env.runtime.idle();
    await sfn.send(new SendTaskFailureCommand({ taskToken: tokens.s2, error: "No" }));
    expect(last()).toEqual({ action: "states:SendTaskFailure", resource: OTHER });
    await sfn.send(new StopExecutionCommand({ executionArn: second.executionArn }));
    expect(last()).toEqual({
      action: "states:StopExecution",
      resource: execArn(OTHER, "seen-2"),
    });
    // A token this runtime did not issue names no state machine.
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: "AQnot-a-token", output: "{}" })),
    ).rejects.toMatchObject({ name: "InvalidToken" });
    expect(last()).toEqual({ action: "states:SendTaskSuccess", resource: "*" });
  });

  it("a refused SendTaskSuccess leaves the task waiting; allowed later, it completes", async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: SM, name: "held-1", input: '{"id":"h1"}' }),
    );
    await env.runtime.idle();
    denied.add(`states:SendTaskSuccess ${SM}`);
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.h1, output: '{"ok":true}' })),
    ).rejects.toMatchObject({ name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });
    await env.runtime.idle();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
    denied.clear();
    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.h1, output: '{"ok":true}' }));
    await env.runtime.idle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done).toMatchObject({ status: "SUCCEEDED", output: '{"ok":true}' });
  });

  it("refuses before validating: a denied call with a bad ARN is AccessDenied, not InvalidArn", async () => {
    denied.add("states:DescribeExecution not-an-arn");
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: "not-an-arn" })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    denied.clear();
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: "not-an-arn" })),
    ).rejects.toMatchObject({ name: "InvalidArn" });
  });

  it("is not asked about unknown operations, which stay UnknownOperationException", async () => {
    for (const target of ["AWSStepFunctions.CreateActivity", "AWSStepFunctions.constructor"]) {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
        body: "{}",
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ __type: "UnknownOperationException" });
    }
    expect(calls).toEqual([]);
  });
});

describe("a server whose authorize hook throws", () => {
  it("answers 500 ServiceUnavailable and runs nothing", async () => {
    const local = memoryRuntime();
    local.runtime.registerStateMachine({ arn: SM, name: "Guarded", definition });
    const broken = await createSfnServer(local.runtime, {
      port: 0,
      authorize: () => {
        throw new Error("policy store unreachable");
      },
    });
    const client = new SFNClient({
      endpoint: broken.url,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "AKIDTESTER", secretAccessKey: "secret" },
      maxAttempts: 1,
    });
    try {
      await expect(
        client.send(new StartExecutionCommand({ stateMachineArn: SM, name: "x-1" })),
      ).rejects.toMatchObject({ name: "ServiceUnavailable", $metadata: { httpStatusCode: 500 } });
      expect((await local.runtime.listExecutions({ stateMachineArn: SM })).executions).toEqual([]);
    } finally {
      client.destroy();
      await broken.close();
      await local.runtime.stop();
    }
  });
});
