import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { type FunctionSpec, functionIdFromArn } from "./template/accessors.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./template/types.ts";

type Handler = (event: unknown, context: Context) => Promise<unknown> | unknown;

export interface FunctionRunner {
  /** Invokes a function by logical id or local ARN, as Lambda would (one event, one context). */
  invoke(logicalIdOrArn: string, event: unknown): Promise<unknown>;
  /** Imports every handler module now, so the first request does not pay for it. */
  preload(): Promise<void>;
  has(logicalId: string): boolean;
}

/** Lambda's error type when a function runs past its Timeout. */
export class FunctionTimeoutError extends Error {
  override name = "Sandbox.Timedout";
}

/**
 * Maps the template's functions to their handler modules (dynamic `import()` of the source,
 * the stack runs under tsx). Modules load on first use; errors thrown by a handler reach the
 * caller unchanged, so their `name` is the error type Step Functions sees.
 */
export function createFunctionRunner(
  functions: readonly FunctionSpec[],
  projectRoot: string,
): FunctionRunner {
  const byId = new Map(functions.map((fn) => [fn.logicalId, fn]));
  const loaded = new Map<string, Promise<Handler>>();

  function load(fn: FunctionSpec): Promise<Handler> {
    let handler = loaded.get(fn.logicalId);
    if (!handler) {
      handler = import(pathToFileURL(path.join(projectRoot, fn.entry)).href).then((mod) => {
        const exported: unknown = (mod as Record<string, unknown>)[fn.handler];
        if (typeof exported !== "function") {
          throw new Error(`${fn.entry} does not export a function "${fn.handler}"`);
        }
        return exported as Handler;
      });
      loaded.set(fn.logicalId, handler);
    }
    return handler;
  }

  function specOf(logicalIdOrArn: string): FunctionSpec {
    const id = logicalIdOrArn.startsWith("arn:")
      ? functionIdFromArn(logicalIdOrArn)
      : logicalIdOrArn;
    const fn = byId.get(id);
    if (!fn) throw new Error(`no local function "${logicalIdOrArn}"`);
    return fn;
  }

  return {
    has: (id) => byId.has(id),
    async preload() {
      await Promise.all(functions.map((fn) => load(fn).catch(() => undefined)));
    },
    async invoke(logicalIdOrArn, event) {
      const fn = specOf(logicalIdOrArn);
      const handler = await load(fn);
      const deadline = Date.now() + fn.timeoutSeconds * 1000;
      const context = lambdaContext(fn, deadline);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new FunctionTimeoutError(`Task timed out after ${fn.timeoutSeconds} seconds`)),
          fn.timeoutSeconds * 1000,
        );
      });
      try {
        return await Promise.race([Promise.resolve(handler(event, context)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function lambdaContext(fn: FunctionSpec, deadline: number): Context {
  const unsupported = () => {
    throw new Error("callback-style Lambda context methods are not supported");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.logicalId,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${fn.logicalId}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: `local/${fn.logicalId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
