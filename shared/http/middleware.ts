/**
 * The middleware runner of every handler: middy's non-streaming semantics (before in order,
 * after and onError in reverse order of `use`, an early response from a `before`, the
 * onError stack that may turn an error into a response, the handler abandoned with a
 * `TimeoutError` 5 ms before Lambda's own deadline), without @middy/core itself, whose module
 * imports node:stream, node:stream/promises and node:stream/web at load for response
 * streaming, which no function here uses: about 8 ms of every cold start (docs/performance.md).
 * Powertools' `injectLambdaContext` is a middy middleware and runs on it unchanged.
 */

/** What a middleware sees: middy's request object. */
export interface Request<E = unknown, R = unknown, Err = Error, C = unknown> {
  event: E;
  context: C;
  response: R | undefined;
  error: Err | undefined;
  internal: Record<string, unknown>;
  earlyResponse?: R;
}

type Step<E, R, Err, C> = (request: Request<E, R, Err, C>) => unknown;

/**
 * A middleware: any of before, after, onError (middy's MiddlewareObj). Methods, so that a
 * middleware written for a narrower request (Powertools' wants a Lambda `Context`) fits.
 */
export interface MiddlewareObj<E = unknown, R = unknown, Err = Error, C = unknown> {
  before?(request: Request<E, R, Err, C>): unknown;
  after?(request: Request<E, R, Err, C>): unknown;
  onError?(request: Request<E, R, Err, C>): unknown;
}

/** The handler with its middlewares: callable as a Lambda handler, extended with `use`. */
export interface Pipeline<E, R, Err, C> {
  (event: E, context: C): Promise<R>;
  use(middleware: MiddlewareObj<E, R, Err, C>): Pipeline<E, R, Err, C>;
}

/** How long before Lambda's deadline the handler is abandoned (middy's timeoutEarlyInMillis). */
const TIMEOUT_EARLY_MS = 5;

type Deadline = { getRemainingTimeInMillis?: () => number };

async function runSteps<E, R, Err, C>(
  request: Request<E, R, Err, C>,
  steps: readonly Step<E, R, Err, C>[],
): Promise<void> {
  for (const step of steps) {
    const res = await step(request);
    if (res !== undefined) request.earlyResponse = res as R;
    if (Object.hasOwn(request, "earlyResponse")) {
      request.response = request.earlyResponse;
      return;
    }
  }
}

/** The handler raced against the function's remaining time, as middy does. */
async function withDeadline<R>(run: Promise<R>, context: unknown): Promise<R> {
  const remaining = (context as Deadline | undefined)?.getRemainingTimeInMillis;
  if (typeof remaining !== "function") return run;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error("[AbortError]: The operation was aborted.");
      err.name = "TimeoutError";
      reject(err);
    }, remaining.call(context) - TIMEOUT_EARLY_MS);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wraps a Lambda handler so that middlewares can be added with `use` (middy's `middy(fn)`). */
export function pipeline<E, R, Err = Error, C = unknown>(
  handler: (event: E, context: C) => Promise<R> | R,
): Pipeline<E, R, Err, C> {
  const before: Step<E, R, Err, C>[] = [];
  const after: Step<E, R, Err, C>[] = [];
  const onError: Step<E, R, Err, C>[] = [];
  const run = async (event: E, context: C): Promise<R> => {
    const request: Request<E, R, Err, C> = {
      event,
      context,
      response: undefined,
      error: undefined,
      internal: {},
    };
    try {
      await runSteps(request, before);
      if (!Object.hasOwn(request, "earlyResponse")) {
        request.response = await withDeadline(
          Promise.resolve().then(() => handler(request.event, request.context)),
          context,
        );
        await runSteps(request, after);
      }
    } catch (e) {
      request.response = undefined;
      request.error = e as Err;
      try {
        await runSteps(request, onError);
      } catch (inner) {
        (inner as { originalError?: unknown }).originalError = request.error;
        throw inner;
      }
      if (request.response === undefined) throw request.error;
    }
    return request.response as R;
  };
  const wrapped = run as Pipeline<E, R, Err, C>;
  wrapped.use = (m) => {
    if (!m.before && !m.after && !m.onError) {
      throw new Error("a middleware needs at least one of before, after, onError");
    }
    if (m.before) before.push(m.before.bind(m));
    if (m.after) after.unshift(m.after.bind(m));
    if (m.onError) onError.unshift(m.onError.bind(m));
    return wrapped;
  };
  return wrapped;
}
