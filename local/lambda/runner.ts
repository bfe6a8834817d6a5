/**
 * The local Lambda service: invokes the template's functions the way Lambda does.
 * - Each function has instances of its own (child processes, local/lambda/instance.ts), each
 *   running one invocation at a time; a busy function gets another instance, up to
 *   LOCAL_LAMBDA_CONCURRENCY per function (default 2), beyond which invocations wait their
 *   turn (Lambda would scale further; on two cores more instances cost more cold starts and
 *   cold JIT than they gain).
 * - An instance's first invocation is a cold start (Init Duration in its REPORT line); one idle
 *   for LOCAL_LAMBDA_IDLE_SECONDS (default 300) is discarded, so a later call is cold again.
 * - The template's Timeout: an invocation past it kills its instance and fails with
 *   `Sandbox.Timedout`, as Lambda does.
 * - Errors reach the caller as Lambda reports them: an Error whose `name` is the errorType.
 * - One REPORT line per invocation in the stack's log.
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { Faults } from "../aws/faults.ts";
import { type FunctionRunner, FunctionTimeoutError } from "../functions.ts";
import { type FunctionSpec, functionIdFromArn } from "../template/accessors.ts";
import { type InstanceSpec, LambdaInstance, LambdaInvocationError } from "./instance.ts";
import { reportLine } from "./report.ts";

export interface LambdaCode {
  /** The module file and its exported handler. */
  module: string;
  exportName: string;
  /** LAMBDA_TASK_ROOT and the instances' working directory. */
  taskRoot: string;
}

export interface LambdaRunnerOptions {
  functions: readonly FunctionSpec[];
  codeOf(fn: FunctionSpec): LambdaCode;
  environmentOf(fn: FunctionSpec, code: LambdaCode): Record<string, string>;
  nodeBinary: string;
  bootstrap: string;
  /** Extra `node` flags (source mode: `--import tsx`). */
  execArgv?: readonly string[];
  /** The stack's clock offset, handed to each invocation. */
  clockOffsetMs(): number;
  faults?: Faults;
  /** Where REPORT lines go (the stack's stdout). */
  log?: (line: string) => void;
  maxConcurrency?: number;
  idleMs?: number;
}

export interface LambdaRunner extends FunctionRunner {
  /** Live instances per function (tests, health). */
  instances(): Record<string, number>;
  stop(): Promise<void>;
}

interface Pool {
  fn: FunctionSpec;
  spec: InstanceSpec;
  instances: LambdaInstance[];
  waiting: (() => void)[];
}

/** How much later than the deadline an instance is killed (see `run`). */
const KILL_GRACE_MS = 500;

const serviceError = (fn: string, when: string) =>
  new LambdaInvocationError({
    errorType: "Lambda.ServiceException",
    errorMessage: `injected (LOCAL_FAULTS lambda.${fn}=${when}): the Lambda service did not return the invocation's result`,
  });

/** Lambda's answer to an invocation over the concurrency limit (429). */
const throttled = () =>
  new LambdaInvocationError({
    errorType: "Lambda.TooManyRequestsException",
    errorMessage: "Rate Exceeded. (Service: Lambda, Status Code: 429, injected fault)",
  });

/** The function's own error, as if its handler threw at once (an injected `throw`). */
const functionError = (fn: string, errorType: string) =>
  new LambdaInvocationError({
    errorType,
    errorMessage: `injected fault (lambda.${fn}=throw): the function failed`,
    trace: [],
  });

const traceId = () =>
  `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")};Sampled=0`;

export function createLambdaRunner(opts: LambdaRunnerOptions): LambdaRunner {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const max = opts.maxConcurrency ?? 2;
  const pools = new Map<string, Pool>();
  for (const fn of opts.functions) {
    const code = opts.codeOf(fn);
    // Lambda's Node.js runtime leaves the rest of the memory size to V8's old space.
    const heapMb = Math.max(64, Math.floor(fn.memoryMb * 0.9));
    pools.set(fn.logicalId, {
      fn,
      spec: {
        nodeBinary: opts.nodeBinary,
        bootstrap: opts.bootstrap,
        execArgv: [`--max-old-space-size=${heapMb}`, ...(opts.execArgv ?? [])],
        module: code.module,
        exportName: code.exportName,
        env: opts.environmentOf(fn, code),
        cwd: code.taskRoot,
      },
      instances: [],
      waiting: [],
    });
  }

  function poolOf(logicalIdOrArn: string): Pool {
    const id = logicalIdOrArn.startsWith("arn:")
      ? functionIdFromArn(logicalIdOrArn)
      : logicalIdOrArn;
    const pool = pools.get(id);
    if (!pool) throw new Error(`no local function "${logicalIdOrArn}"`);
    return pool;
  }

  async function acquire(pool: Pool): Promise<LambdaInstance> {
    for (;;) {
      pool.instances = pool.instances.filter((i) => !i.dead);
      const idle = pool.instances.find((i) => !i.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (pool.instances.length < max) {
        const instance = new LambdaInstance(pool.spec);
        instance.busy = true;
        pool.instances.push(instance);
        return instance;
      }
      await new Promise<void>((resolve) => pool.waiting.push(resolve));
    }
  }

  function release(pool: Pool, instance: LambdaInstance): void {
    instance.busy = false;
    if (instance.dead) pool.instances = pool.instances.filter((i) => i !== instance);
    pool.waiting.shift()?.();
  }

  async function run(pool: Pool, event: unknown): Promise<unknown> {
    const fn = pool.fn;
    const requestId = randomUUID();
    const instance = await acquire(pool);
    const report = (
      f: Omit<Parameters<typeof reportLine>[0], "requestId" | "memorySizeMb">,
    ): void =>
      log(`[${fn.logicalId}] ${reportLine({ requestId, memorySizeMb: fn.memoryMb, ...f })}`);
    try {
      const cold = !instance.pid;
      const initStarted = performance.now();
      try {
        await instance.start();
      } catch (error) {
        instance.kill();
        report({
          durationMs: performance.now() - initStarted,
          maxMemoryUsedMb: 0,
          ...(cold ? { initDurationMs: performance.now() - initStarted } : {}),
          status: "error",
        });
        throw error;
      }
      const timeoutMs = fn.timeoutSeconds * 1000;
      const deadlineMs = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        // The handler sees the exact deadline (getRemainingTimeInMillis); the kill waits a
        // little longer so that an answer the handler gives just in time (middy's early
        // TimeoutError) is not lost to this machine's scheduling and IPC delays.
        timer = setTimeout(() => {
          instance.kill();
          reject(
            new FunctionTimeoutError(
              `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`,
            ),
          );
        }, timeoutMs + KILL_GRACE_MS);
      });
      const started = performance.now();
      try {
        const outcome = await Promise.race([
          instance.invoke({
            requestId,
            event,
            deadlineMs,
            clockOffsetMs: opts.clockOffsetMs(),
            traceId: traceId(),
          }),
          timedOut,
        ]);
        report({
          durationMs: outcome.durationMs,
          maxMemoryUsedMb: outcome.maxMemoryMb,
          ...(outcome.initMs !== undefined ? { initDurationMs: outcome.initMs } : {}),
        });
        if (!outcome.ok) {
          throw new LambdaInvocationError(
            outcome.error ?? { errorType: "Error", errorMessage: "unknown error" },
          );
        }
        return outcome.result;
      } catch (error) {
        if (error instanceof FunctionTimeoutError) {
          report({ durationMs: timeoutMs, maxMemoryUsedMb: 0, status: "timeout" });
        } else if (instance.dead) {
          report({ durationMs: performance.now() - started, maxMemoryUsedMb: 0, status: "error" });
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
    } finally {
      release(pool, instance);
    }
  }

  /** An injected `timeout`: the caller waits the function's Timeout and gets Lambda's error. */
  async function hang(fn: FunctionSpec): Promise<never> {
    const requestId = randomUUID();
    const timeoutMs = fn.timeoutSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
    log(
      `[${fn.logicalId}] ${reportLine({ requestId, memorySizeMb: fn.memoryMb, durationMs: timeoutMs, maxMemoryUsedMb: 0, status: "timeout" })}`,
    );
    throw new FunctionTimeoutError(
      `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`,
    );
  }

  const reaper = setInterval(() => {
    const cutoff = Date.now() - (opts.idleMs ?? 300_000);
    for (const pool of pools.values()) {
      for (const i of pool.instances) if (!i.busy && i.lastUsedMs < cutoff) i.kill();
      pool.instances = pool.instances.filter((i) => !i.dead);
    }
  }, 15_000);
  reaper.unref();

  return {
    has: (id) => pools.has(id),
    async invoke(logicalIdOrArn, event) {
      const pool = poolOf(logicalIdOrArn);
      const fault = opts.faults?.lambdaFault(pool.fn.logicalId);
      switch (fault?.mode) {
        case "before":
          throw serviceError(pool.fn.logicalId, fault.mode);
        case "throttle":
          throw throttled();
        case "throw":
          throw functionError(pool.fn.logicalId, fault.errorType ?? "Error");
        case "timeout":
          return hang(pool.fn);
        default: {
          const result = await run(pool, event);
          if (fault?.mode === "after") throw serviceError(pool.fn.logicalId, fault.mode);
          return result;
        }
      }
    },
    instances: () =>
      Object.fromEntries(
        [...pools].map(([id, p]) => [id, p.instances.filter((i) => !i.dead).length]),
      ),
    async stop() {
      clearInterval(reaper);
      for (const pool of pools.values()) for (const i of pool.instances) i.kill();
    },
  };
}

/** The code of a function from its bundle (`<entry>/index.mjs`, handler from `_HANDLER`). */
export function bundleCode(fn: FunctionSpec, bundleFile: string): LambdaCode {
  const [moduleName = "index", exportName = "handler"] = fn.handlerSetting.split(".");
  const taskRoot = path.dirname(bundleFile);
  return { module: path.join(taskRoot, `${moduleName}.mjs`), exportName, taskRoot };
}
