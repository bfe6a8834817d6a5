/**
 * The runtime inside one local Lambda instance (a Node 22 child process of the stack, started by
 * local/lambda/instance.ts). It plays the part of Lambda's Node.js runtime:
 * - Init: imports the function's code (`node bootstrap.mjs <module file> <export name>`) and
 *   reports the init duration, measured from the process start, or the error that made it fail;
 * - Invoke: one event at a time, each with a Lambda context (request id, deadline) and the
 *   stack's clock offset published for shared/clock.ts; the answer is the handler's result, or
 *   `{errorType, errorMessage, trace}` built from the thrown error as Lambda builds it.
 * It talks to the stack over the IPC channel and exits when that channel closes.
 *
 * Built with esbuild into the bundle cache (local/lambda/bundles.ts); it imports nothing but
 * Node built-ins and is never part of a function's bundle.
 */
import { pathToFileURL } from "node:url";

interface InvokeMessage {
  type: "invoke";
  id: string;
  requestId: string;
  event: unknown;
  deadlineMs: number;
  clockOffsetMs: number;
  traceId: string;
}

interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

type Handler = (event: unknown, context: unknown) => unknown;

/**
 * Lambda's limit on a synchronous invocation's response payload (6 MB, as Lambda counts it:
 * 6 × 1024 × 1024 + 100 bytes of the serialized JSON).
 */
const MAX_RESPONSE_BYTES = 6_291_556;

/** Where shared/clock.ts reads the stack's clock offset in a local Lambda instance. */
const CLOCK_OFFSET = Symbol.for("project8.clock.offsetMs");

const send = (message: object) => process.send?.(message);

function toLambdaError(error: unknown): LambdaError {
  if (error instanceof Error) {
    return {
      errorType: error.name || "Error",
      errorMessage: error.message,
      trace: (error.stack ?? "").split("\n"),
    };
  }
  return { errorType: "Error", errorMessage: String(error), trace: [] };
}

function peakMemoryMb(): number {
  return Math.ceil(process.resourceUsage().maxRSS / 1024);
}

const [, , modulePath, exportName = "handler"] = process.argv;
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? "local";
let current: string | undefined;

// An error nobody awaited ends the instance, as it ends a Lambda execution environment.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => {
    const err = toLambdaError(error);
    send({
      type: "crash",
      id: current,
      error: {
        ...err,
        errorType:
          event === "unhandledRejection" ? "Runtime.UnhandledPromiseRejection" : err.errorType,
      },
    });
    process.exit(1);
  });
}
process.on("disconnect", () => process.exit(0));

async function init(): Promise<Handler> {
  if (!modulePath) throw new Error("no module to load");
  const mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  const handler = mod[exportName];
  if (typeof handler !== "function") {
    const err = new Error(`${modulePath} does not export a function "${exportName}"`);
    err.name = "Runtime.HandlerNotFound";
    throw err;
  }
  return handler as Handler;
}

function context(msg: InvokeMessage) {
  const unsupported = () => {
    throw new Error("callback-style Lambda context methods are not supported");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? "$LATEST",
    invokedFunctionArn: process.env.LOCAL_FUNCTION_ARN ?? "",
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? "128",
    awsRequestId: msg.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? "",
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? "",
    getRemainingTimeInMillis: () => Math.max(0, msg.deadlineMs - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * The handler's result as the runtime posts it: serialized JSON, refused by Lambda when larger
 * than MAX_RESPONSE_BYTES (the invocation fails; API Gateway answers its integration error).
 * A result JSON cannot carry is Runtime.MarshalError, as Lambda reports it.
 */
function responseOf(
  result: unknown,
): { ok: true; result: unknown } | { ok: false; error: LambdaError } {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(result) ?? "null", "utf8");
  } catch (error) {
    return { ok: false, error: { ...toLambdaError(error), errorType: "Runtime.MarshalError" } };
  }
  if (bytes > MAX_RESPONSE_BYTES) {
    return {
      ok: false,
      error: {
        errorType: "Function.ResponseSizeTooLarge",
        errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        trace: [],
      },
    };
  }
  return { ok: true, result };
}

try {
  const handler = await init();
  send({ type: "ready", initMs: performance.now(), maxMemoryMb: peakMemoryMb() });
  process.on("message", (raw: unknown) => {
    const msg = raw as InvokeMessage;
    if (msg?.type !== "invoke") return;
    current = msg.id;
    (globalThis as Record<symbol, unknown>)[CLOCK_OFFSET] = msg.clockOffsetMs;
    process.env._X_AMZN_TRACE_ID = msg.traceId;
    const started = performance.now();
    Promise.resolve()
      .then(() => handler(msg.event, context(msg)))
      .then(
        (result) => responseOf(result === undefined ? null : result),
        (error: unknown) => ({ ok: false as const, error: toLambdaError(error) }),
      )
      .then((outcome) => {
        current = undefined;
        const report = { type: "result", id: msg.id, durationMs: performance.now() - started };
        try {
          send({ ...report, maxMemoryMb: peakMemoryMb(), ...outcome });
        } catch (error) {
          // Lambda answers a result JSON cannot carry with Runtime.MarshalError.
          const err = toLambdaError(error);
          send({
            ...report,
            maxMemoryMb: peakMemoryMb(),
            ok: false,
            error: { ...err, errorType: "Runtime.MarshalError" },
          });
        }
      });
  });
} catch (error) {
  send({ type: "init-error", error: toLambdaError(error), initMs: performance.now() });
  process.exit(1);
}
