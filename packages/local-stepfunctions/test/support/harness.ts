import { createMemoryStore, createRuntime, FakeClock, type Runtime } from "../../src/index.ts";

/** Shared helpers for the Step Functions runtime tests. */
export type Handler = (input: unknown) => unknown;
export type Handlers = Record<string, Handler>;

export const REGION = "ap-southeast-1";
export const ACCOUNT = "123456789012";
export const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
export const smArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

export interface Outcome {
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
  executionArn: string;
}

/** A runtime on the memory store with a fake clock; handlers are keyed by Lambda function name. */
export function memoryRuntime(
  handlers: Handlers = {},
  clock = new FakeClock(),
): {
  runtime: Runtime;
  clock: FakeClock;
  calls: Array<{ fn: string; payload: unknown; at: number }>;
} {
  const calls: Array<{ fn: string; payload: unknown; at: number }> = [];
  const runtime = createRuntime({
    store: createMemoryStore(),
    clock,
    region: REGION,
    accountId: ACCOUNT,
    invokeLambda: async (fn, payload) => {
      const name = fn.split(":").filter((p) => p !== "")[fn.includes(":function:") ? 6 : 0] ?? fn;
      calls.push({ fn: name, payload, at: clock.nowMs() });
      const h = handlers[name];
      if (!h) throw new Error(`no handler for ${fn}`);
      return h(payload);
    },
  });
  return { runtime, clock, calls };
}

let counter = 0;

/**
 * Runs a definition to completion on our runtime, advancing the fake clock to each pending timer
 * (Wait, retry back-off, timeouts) as soon as the runtime is idle.
 */
export async function runOurs(
  definition: object,
  input: unknown,
  handlers: Handlers = {},
  setup?: ReturnType<typeof memoryRuntime>,
): Promise<
  Outcome & {
    runtime: Runtime;
    clock: FakeClock;
    calls: Array<{ fn: string; payload: unknown; at: number }>;
  }
> {
  const env = setup ?? memoryRuntime(handlers);
  const name = `sm${++counter}`;
  env.runtime.registerStateMachine({ arn: smArn(name), name, definition });
  const { executionArn } = await env.runtime.startExecution({
    stateMachineArn: smArn(name),
    input: JSON.stringify(input),
  });
  for (let i = 0; i < 1000; i++) {
    await env.runtime.idle();
    const info = await env.runtime.inspect(executionArn);
    if (info?.snapshot.status !== "RUNNING") break;
    const next = info.timers[0];
    if (!next) break;
    env.clock.advance(Math.max(0, next.dueMs - env.clock.nowMs()));
  }
  const d = await env.runtime.describeExecution(executionArn);
  return {
    ...env,
    executionArn,
    status: d.status,
    output: d.output === undefined ? undefined : JSON.parse(d.output),
    error: d.error,
    cause: d.cause,
  };
}

// aws-local-stepfunctions needs Promise.withResolvers (Node 22); polyfilled for Node 20.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

function taskStates(def: unknown, out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(def)) for (const d of def) taskStates(d, out);
  else if (def && typeof def === "object") {
    const states = (def as { States?: Record<string, { Type?: string; Resource?: string }> })
      .States;
    if (states)
      for (const [name, s] of Object.entries(states))
        if (s.Type === "Task" && s.Resource) out[name] = s.Resource;
    for (const v of Object.values(def)) taskStates(v, out);
  }
  return out;
}

/** Runs the same definition through aws-local-stepfunctions (the oracle). */
export async function runPeer(
  definition: object,
  input: unknown,
  handlers: Handlers = {},
): Promise<{ status: string; output?: unknown; error?: string }> {
  const { StateMachine } = await import("aws-local-stepfunctions");
  const tasks = taskStates(definition);
  const overrides = {
    taskResourceLocalHandlers: Object.fromEntries(
      Object.entries(tasks).map(([state, arn]) => [
        state,
        async (i: unknown) =>
          (handlers[arn.slice(arn.lastIndexOf(":") + 1)] as Handler)(i) as never,
      ]),
    ),
    retryIntervalOverrides: Object.fromEntries(Object.keys(tasks).map((s) => [s, 0])),
  };
  // The peer is the oracle for results, not for validity (our loader is tested on its own): its
  // schema validation compiles ~15 JSON schemas on every construction, ~0.8 s per case here.
  const sm = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
  try {
    const output = await sm.run(input as never, { overrides }).result;
    return { status: "SUCCEEDED", output };
  } catch (e) {
    const inner = (e as { cause?: { name?: string } }).cause;
    return { status: "FAILED", error: inner?.name };
  }
}

/** A one-state machine around a Pass state (most JSONPath examples are about one state). */
export const passMachine = (state: object) => ({
  StartAt: "S",
  States: { S: { Type: "Pass", End: true, ...state } },
});
