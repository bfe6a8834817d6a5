import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../bin/sfn-view.ts";
import { createSfnServer } from "../../src/index.ts";
import { fnArn, memoryRuntime, smArn } from "../support/harness.ts";

/**
 * The sfn-view CLI, called in this process: the summary and one line per history event, read
 * through the Step Functions API. (test/durable/view-cli.test.ts runs it as a script.)
 */
const cli = async (...args: string[]) => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await main(args, {
    log: (text) => stdout.push(text),
    error: (text) => stderr.push(text),
  });
  return { status, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
};
const env = memoryRuntime({ f: () => ({ ok: true }) });
let server: Awaited<ReturnType<typeof createSfnServer>>;
let arn = "";

beforeAll(async () => {
  env.runtime.registerStateMachine({
    arn: smArn("Viewed"),
    name: "Viewed",
    definition: {
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: fnArn("f"), Next: "F" },
        F: { Type: "Fail", Error: "Boom", Cause: "on purpose" },
      },
    },
  });
  server = await createSfnServer(env.runtime, { port: 0 });
  arn = (await env.runtime.startExecution({ stateMachineArn: smArn("Viewed"), name: "v-1" }))
    .executionArn;
  await env.runtime.idle();
});
afterAll(async () => {
  await server.close();
  await env.runtime.stop();
});

describe("sfn-view CLI", () => {
  it("prints the summary and one line per event", async () => {
    const out = await cli("--endpoint", server.url, arn);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("v-1  FAILED");
    expect(out.stdout).toContain("error    Boom: on purpose");
    expect(out.stdout).toMatch(/1 +\+ +0\.000s +ExecutionStarted/);
    expect(out.stdout).toMatch(/LambdaFunctionSucceeded +output=\{"ok":true\}/);
    expect(out.stdout).toMatch(/ExecutionFailed +error=Boom +cause=on purpose/);
  });

  it("reports an unknown execution", async () => {
    const out = await cli("--endpoint", server.url, `${arn}-nope`);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("ExecutionDoesNotExist");
  });

  it("explains its usage when no execution ARN is given", async () => {
    const out = await cli("--region", "ap-southeast-1");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("usage: sfn-view --endpoint <url> <executionArn>");
  });
});
