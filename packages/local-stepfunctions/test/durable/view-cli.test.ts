import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSfnServer } from "../../src/index.ts";
import { fnArn, memoryRuntime, smArn } from "../support/harness.ts";

/** bin/sfn-view.ts run as a script (a child process): the history as text from an endpoint and an ARN. */
const cli = (...args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    // Asynchronous: the server answering the CLI runs in this process.
    execFile(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "../../bin/sfn-view.ts"), ...args],
      (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
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
});
