import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFaults } from "../../local/aws/faults.ts";
import { FunctionTimeoutError } from "../../local/functions.ts";
import { buildBootstrap } from "../../local/lambda/bundles.ts";
import { reportLine } from "../../local/lambda/report.ts";
import { createLambdaRunner, type LambdaRunner } from "../../local/lambda/runner.ts";
import type { FunctionSpec } from "../../local/template/accessors.ts";

/**
 * The local Lambda service with real Node.js 22 instances (child processes) running small
 * fixture handlers: cold starts, REPORT lines, errors as Lambda reports them, timeouts,
 * isolation of the environment, one invocation per instance, the clock offset.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = path.join(ROOT, "test/unit/fixtures/lambda");
const NODE = path.join(ROOT, "node_modules/.bin/node");

let dir = "";
let bootstrap = "";
const lines: string[] = [];
const runners: LambdaRunner[] = [];
let offset = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-lambda-"));
  bootstrap = path.join(dir, "bootstrap.mjs");
  await buildBootstrap(ROOT, bootstrap);
  process.env.PARENT_SECRET = "must not leak";
});

afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  lines.length = 0;
});

afterAll(async () => {
  delete process.env.PARENT_SECRET;
  await rm(dir, { recursive: true, force: true });
});

function spec(name: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    logicalId: `${name}0A1B2C3D`,
    arn: `arn:aws:lambda:ap-southeast-1:000000000000:function:${name}0A1B2C3D`,
    entry: "test/unit/fixtures/lambda/handlers.mjs",
    handler: name,
    environment: { MINE: "from the template" },
    timeoutSeconds: 10,
    memoryMb: 256,
    handlerSetting: "index.handler",
    ...overrides,
  };
}

function runner(fns: FunctionSpec[], opts: { maxConcurrency?: number; module?: string } = {}) {
  const faults = createFaults();
  const r = createLambdaRunner({
    functions: fns,
    codeOf: (fn) => ({
      module: path.join(FIXTURES, opts.module ?? "handlers.mjs"),
      exportName: fn.handler,
      taskRoot: FIXTURES,
    }),
    environmentOf: (fn) => ({
      ...fn.environment,
      AWS_REGION: "ap-southeast-1",
      TZ: ":UTC",
      AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    }),
    nodeBinary: NODE,
    bootstrap,
    clockOffsetMs: () => offset,
    faults,
    log: (line) => lines.push(line),
    ...(opts.maxConcurrency ? { maxConcurrency: opts.maxConcurrency } : {}),
  });
  runners.push(r);
  return { r, faults };
}

type Echo = {
  node: string;
  functionName: string;
  requestId: string;
  remainingMs: number;
  clockOffsetMs: number | null;
  env: Record<string, string | null>;
  pid: number;
  event: unknown;
};

const REPORT =
  /^\[echo0A1B2C3D\] REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB/;

describe("GIVEN a function on the local Lambda service", () => {
  it("WHEN invoked twice THEN it runs on Node.js 22, the first call is a cold start with Init Duration, the second reuses the instance", async () => {
    const { r } = runner([spec("echo")]);
    const first = (await r.invoke("echo0A1B2C3D", { n: 1 })) as Echo;
    const second = (await r.invoke(spec("echo").arn, { n: 2 })) as Echo;
    expect(first.node).toMatch(/^v22\./);
    expect(first.event).toEqual({ n: 1 });
    expect(second.pid).toBe(first.pid);
    expect(first.functionName).toBe("echo0A1B2C3D");
    expect(first.remainingMs).toBeGreaterThan(9000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(REPORT);
    expect(lines[0]).toMatch(/\tInit Duration: \d+\.\d{2} ms$/);
    expect(lines[1]).toMatch(REPORT);
    expect(lines[1]).not.toContain("Init Duration");
    expect(lines[1]).toContain(`RequestId: ${second.requestId}`);
  });

  it("THEN the instance sees its own template variables and Lambda's, never the stack's process environment", async () => {
    const { r } = runner([spec("echo")]);
    const out = (await r.invoke("echo0A1B2C3D", {})) as Echo;
    expect(out.env).toEqual({
      mine: "from the template",
      parentSecret: null,
      region: "ap-southeast-1",
      tz: ":UTC",
      functionName: "echo0A1B2C3D",
    });
  });

  it("THEN each invocation carries the stack's clock offset of that moment", async () => {
    const { r } = runner([spec("echo")]);
    offset = 123_000;
    expect(((await r.invoke("echo0A1B2C3D", {})) as Echo).clockOffsetMs).toBe(123_000);
    offset = 456_000;
    expect(((await r.invoke("echo0A1B2C3D", {})) as Echo).clockOffsetMs).toBe(456_000);
    offset = 0;
  });

  it("WHEN the handler throws THEN the caller gets Lambda's errorType and errorMessage", async () => {
    const { r } = runner([spec("fails")]);
    await expect(r.invoke("fails0A1B2C3D", {})).rejects.toMatchObject({
      name: "NotFoundError",
      errorType: "NotFoundError",
      message: "proposal P-1 does not exist",
    });
  });

  it("WHEN the module fails to initialise THEN the invocation fails with that error and the next one tries Init again", async () => {
    const { r } = runner([spec("handler")], { module: "init-fails.mjs" });
    for (let i = 0; i < 2; i++) {
      await expect(r.invoke("handler0A1B2C3D", {})).rejects.toMatchObject({ name: "ConfigError" });
    }
    expect(lines.every((l) => l.includes("Status: error"))).toBe(true);
  });

  it("WHEN an invocation runs past the Timeout THEN Sandbox.Timedout, its instance is discarded and the next call is cold", async () => {
    const { r } = runner([spec("slow", { timeoutSeconds: 1 })]);
    const error = await r.invoke("slow0A1B2C3D", { ms: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionTimeoutError);
    expect((error as Error).name).toBe("Sandbox.Timedout");
    expect((error as Error).message).toMatch(/Task timed out after 1\.00 seconds$/);
    expect(lines[0]).toMatch(/Duration: 1000\.00 ms.*Status: timeout$/);
    const again = (await r.invoke("slow0A1B2C3D", { ms: 1 })) as { waited: number };
    expect(again.waited).toBe(1);
    expect(lines[1]).toContain("Init Duration");
  });

  it("WHEN a handler's process dies THEN the invocation fails and a new instance serves the next", async () => {
    const { r } = runner([spec("crash"), spec("echo")]);
    await expect(r.invoke("crash0A1B2C3D", {})).rejects.toMatchObject({
      name: "Error",
      message: "boom outside the handler",
    });
    expect(r.instances().crash0A1B2C3D).toBe(0);
  });

  it("WHEN invoked concurrently THEN each instance runs one invocation at a time, more instances up to the limit", async () => {
    const { r } = runner([spec("slow")]);
    const outs = (await Promise.all(
      [1, 2, 3].map(() => r.invoke("slow0A1B2C3D", { ms: 300 })),
    )) as { pid: number }[];
    // Three at once, two instances at most by default: the third waits for a free one.
    expect(new Set(outs.map((o) => o.pid)).size).toBe(2);
    const limited = runner([spec("slow")], { maxConcurrency: 1 }).r;
    const serial = (await Promise.all(
      [1, 2].map(() => limited.invoke("slow0A1B2C3D", { ms: 200 })),
    )) as { pid: number }[];
    expect(new Set(serial.map((o) => o.pid)).size).toBe(1);
  });

  it("WHEN a Lambda service fault is injected THEN the caller sees Lambda.ServiceException before or after the handler ran", async () => {
    const { r, faults } = runner([spec("echo")]);
    faults.set({ lambda: { echo: "before" } });
    await expect(r.invoke("echo0A1B2C3D", {})).rejects.toMatchObject({
      name: "Lambda.ServiceException",
    });
    expect(lines).toHaveLength(0);
    faults.set({ lambda: { echo: "after" } });
    await expect(r.invoke("echo0A1B2C3D", {})).rejects.toMatchObject({
      name: "Lambda.ServiceException",
    });
    expect(lines).toHaveLength(1);
  });

  it("WHEN a function is set to fail its next two invocations THEN exactly those fail with its error, the third runs", async () => {
    const { r, faults } = runner([spec("echo")]);
    faults.set({ lambda: { echo: { mode: "throw", times: 2, errorType: "NormSetMissing" } } });
    for (let i = 0; i < 2; i++) {
      await expect(r.invoke("echo0A1B2C3D", {})).rejects.toMatchObject({
        name: "NormSetMissing",
        message: expect.stringContaining("injected fault"),
      });
    }
    await expect(r.invoke("echo0A1B2C3D", { n: 3 })).resolves.toMatchObject({ event: { n: 3 } });
    const state = faults.state();
    expect(state.faults.lambda.echo).toEqual({
      mode: "throw",
      remaining: 0,
      errorType: "NormSetMissing",
    });
    expect(state.injected.lambdaFailed).toBe(2);
  });

  it("WHEN throttling or a timeout is injected THEN the caller sees Lambda.TooManyRequestsException, or Sandbox.Timedout after the template's Timeout", async () => {
    const { r, faults } = runner([spec("echo", { timeoutSeconds: 1 })]);
    faults.set({ lambda: { echo: { mode: "throttle", times: 1 } } });
    await expect(r.invoke("echo0A1B2C3D", {})).rejects.toMatchObject({
      name: "Lambda.TooManyRequestsException",
    });
    faults.set({ lambda: { echo: { mode: "timeout", times: 1 } } });
    const started = Date.now();
    const err = await r.invoke("echo0A1B2C3D", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FunctionTimeoutError);
    expect((err as Error).message).toMatch(/Task timed out after 1\.00 seconds/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(lines.some((l) => l.includes("Status: timeout"))).toBe(true);
    await expect(r.invoke("echo0A1B2C3D", { ok: 1 })).resolves.toMatchObject({ event: { ok: 1 } });
  });

  it("WHEN a result is larger than Lambda's 6 MB response limit THEN the invocation fails with Function.ResponseSizeTooLarge; one at the limit passes", async () => {
    const { r } = runner([spec("big")]);
    const limit = 6 * 1024 * 1024 + 100;
    const atLimit = (await r.invoke("big0A1B2C3D", { bytes: limit })) as { body: string };
    expect(JSON.stringify(atLimit).length).toBe(limit);
    await expect(r.invoke("big0A1B2C3D", { bytes: limit + 1 })).rejects.toMatchObject({
      name: "Function.ResponseSizeTooLarge",
      message: `Response payload size (${limit + 1} bytes) exceeded maximum allowed payload size (${limit} bytes).`,
    });
    // The instance is not harmed: the next invocation is answered by it.
    await expect(r.invoke("big0A1B2C3D", { bytes: 100 })).resolves.toMatchObject({
      statusCode: 200,
    });
    expect(r.instances().big0A1B2C3D).toBe(1);
  });

  it("WHEN a fault rule is malformed THEN it is refused with the field named and the old rules stay", () => {
    const faults = createFaults();
    faults.set({ lambda: { echo: "before" } });
    expect(() => faults.set({ lambda: { echo: { mode: "explode" } } })).toThrow(
      /lambda\.echo mode/,
    );
    expect(() => faults.set({ lambda: { echo: { mode: "throw", times: 0 } } })).toThrow(/times/);
    expect(() => faults.set({ lambda: { echo: { mode: "before", errorType: "X" } } })).toThrow(
      /errorType needs mode "throw"/,
    );
    expect(() => faults.set({ lambda: { echo: { mode: "throw", when: 1 } } })).toThrow(
      /lambda\.echo\.when is not known/,
    );
    expect(faults.state().faults.lambda).toEqual({ echo: { mode: "before" } });
  });
});

describe("GIVEN Lambda's REPORT line format", () => {
  it("THEN Billed Duration rounds up and, on a cold start, includes the Init phase", () => {
    expect(
      reportLine({
        requestId: "r",
        durationMs: 12.341,
        memorySizeMb: 512,
        maxMemoryUsedMb: 61.2,
        initDurationMs: 150.5,
      }),
    ).toBe(
      "REPORT RequestId: r\tDuration: 12.34 ms\tBilled Duration: 163 ms\tMemory Size: 512 MB\tMax Memory Used: 61 MB\tInit Duration: 150.50 ms",
    );
    expect(
      reportLine({ requestId: "r", durationMs: 0.2, memorySizeMb: 128, maxMemoryUsedMb: 40 }),
    ).toBe(
      "REPORT RequestId: r\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB",
    );
  });
});
