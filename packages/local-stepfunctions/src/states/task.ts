import type { Interpreter } from "../interpreter.ts";
import type { CompiledPath } from "../jsonpath.ts";
import { evalPath } from "../jsonpath.ts";
import { lambdaInvokeResult, RESOURCE_NAME, type TaskKind } from "../lambda.ts";
import type { ThreadSnap } from "../model.ts";
import { isObject, type Json, StatesError } from "../types.ts";
import { effectiveInput, finishWithResult, parametersOf, StateContext } from "./io.ts";
import {
  COMMON_FIELDS,
  ERROR_FIELDS,
  FLOW_FIELDS,
  IO_FIELDS,
  type LoadContext,
  type StateBase,
  type StateType,
} from "./state.ts";

/**
 * Task: a Lambda function, invoked through `lambda:invoke`, `lambda:invoke.waitForTaskToken`
 * (the task then waits for SendTask* with its token) or the function's ARN. The runtime has no
 * other integration; any other resource is refused at load time.
 */
export interface TaskState extends StateBase {
  type: "Task";
  taskKind: TaskKind;
  resource: string;
  timeoutSeconds?: number;
  timeoutPath?: CompiledPath;
  heartbeatSeconds?: number;
  heartbeatPath?: CompiledPath;
}

const INVOKE = "arn:aws:states:::lambda:invoke";
const INVOKE_CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const INVOKE_PARAMS = new Set(["FunctionName", "Payload", "Qualifier", "InvocationType"]);

export const task: StateType<TaskState> = {
  fields: [
    ...COMMON_FIELDS,
    ...IO_FIELDS,
    ...FLOW_FIELDS,
    ...ERROR_FIELDS,
    "Resource",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
  ],

  load(base, raw, loader: LoadContext) {
    const name = base.name;
    const res = raw.Resource;
    if (typeof res !== "string") loader.fail("must be a string", name, "Resource");
    let taskKind: TaskKind;
    if (res === INVOKE || res === INVOKE_CALLBACK) {
      taskKind = res === INVOKE_CALLBACK ? "token" : "invoke";
      const p = raw.Parameters;
      if (!isObject(p) || (p.FunctionName === undefined && p["FunctionName.$"] === undefined)) {
        loader.fail("lambda:invoke needs Parameters with FunctionName", name, "Parameters");
      }
      for (const k of Object.keys(p)) {
        const field = k.endsWith(".$") ? k.slice(0, -2) : k;
        if (!INVOKE_PARAMS.has(field))
          loader.fail(`unsupported lambda:invoke parameter '${k}'`, name, "Parameters");
      }
      if (p.InvocationType !== undefined && p.InvocationType !== "RequestResponse") {
        loader.fail("only InvocationType RequestResponse is supported", name, "Parameters");
      }
      if (taskKind === "token" && !JSON.stringify(p).includes("$$.Task.Token")) {
        loader.fail(
          "a .waitForTaskToken task must pass $$.Task.Token in its Parameters",
          name,
          "Parameters",
        );
      }
    } else if (LAMBDA_ARN.test(res)) {
      taskKind = "plain";
    } else {
      return loader.fail(
        `unsupported resource '${res}' (supported: ${INVOKE}, ${INVOKE_CALLBACK}, a Lambda function ARN)`,
        name,
        "Resource",
      );
    }
    const s: TaskState = {
      ...base,
      type: "Task",
      taskKind,
      resource: res,
      timeoutSeconds: loader.num(raw, name, "TimeoutSeconds", { min: 1, int: true }),
      timeoutPath: loader.refPath(raw, name, "TimeoutSecondsPath"),
      heartbeatSeconds: loader.num(raw, name, "HeartbeatSeconds", { min: 1, int: true }),
      heartbeatPath: loader.refPath(raw, name, "HeartbeatSecondsPath"),
    };
    if (s.timeoutSeconds !== undefined && s.timeoutPath)
      loader.fail(
        "TimeoutSeconds and TimeoutSecondsPath are mutually exclusive",
        name,
        "TimeoutSecondsPath",
      );
    if (s.heartbeatSeconds !== undefined && s.heartbeatPath)
      loader.fail(
        "HeartbeatSeconds and HeartbeatSecondsPath are mutually exclusive",
        name,
        "HeartbeatSecondsPath",
      );
    if (
      s.heartbeatSeconds !== undefined &&
      s.timeoutSeconds !== undefined &&
      s.heartbeatSeconds >= s.timeoutSeconds
    ) {
      loader.fail("HeartbeatSeconds must be smaller than TimeoutSeconds", name, "HeartbeatSeconds");
    }
    return s;
  },

  /** Schedules the invocation and the task's timers; the Execution invokes once the step is persisted. */
  run(it, t, s) {
    const kind = s.taskKind;
    const token = kind === "token" ? it.host.issueToken(it.snap.arn, t.id) : undefined;
    const ctx = new StateContext(it, t, { token });
    const eff = effectiveInput(s, t, ctx);
    const params = parametersOf(s, eff, ctx);
    const timeout = seconds(it, t, s.timeoutSeconds, s.timeoutPath, eff, "TimeoutSecondsPath");
    const heartbeat = seconds(
      it,
      t,
      s.heartbeatSeconds,
      s.heartbeatPath,
      eff,
      "HeartbeatSecondsPath",
    );
    let fn = s.resource;
    let payload: Json = params;
    if (kind !== "plain") {
      if (!isObject(params) || typeof params.FunctionName !== "string") {
        throw new StatesError("States.Runtime", "lambda:invoke needs a string FunctionName");
      }
      fn =
        params.Qualifier !== undefined
          ? `${params.FunctionName}:${String(params.Qualifier)}`
          : params.FunctionName;
      payload = params.Payload === undefined ? {} : params.Payload;
    }
    const now = it.host.now();
    t.n++;
    t.phase = "task";
    t.task = { kind, fn, payload, token };
    if (timeout !== undefined) {
      t.task.timeoutDueMs = now + timeout * 1000;
      it.armTimer("timeout", t.id, t.task.timeoutDueMs, t.n);
    }
    if (heartbeat !== undefined) {
      t.task.heartbeatSeconds = heartbeat;
      t.task.heartbeatDueMs = now + heartbeat * 1000;
      it.armTimer("heartbeat", t.id, t.task.heartbeatDueMs, t.n);
    }
    if (kind === "plain") {
      it.emit("LambdaFunctionScheduled", {
        resource: fn,
        input: payload,
        timeoutInSeconds: timeout,
      });
      it.emit("LambdaFunctionStarted");
    } else {
      const resource = RESOURCE_NAME[kind];
      it.emit("TaskScheduled", {
        resourceType: "lambda",
        resource,
        region: it.host.region,
        parameters: params,
        timeoutInSeconds: timeout,
        heartbeatInSeconds: heartbeat,
      });
      it.emit("TaskStarted", { resourceType: "lambda", resource });
    }
    it.step.invokes.push(t.id);
    it.step.dirty = true;
  },
};

/** TimeoutSeconds/HeartbeatSeconds, fixed or read from the effective input by their *Path. */
function seconds(
  it: Interpreter,
  t: ThreadSnap,
  fixed: number | undefined,
  path: CompiledPath | undefined,
  eff: Json,
  field: string,
): number | undefined {
  if (fixed !== undefined) return fixed;
  if (!path) return undefined;
  const v = evalPath(path, eff, it.context(t));
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new StatesError(
      "States.Runtime",
      `${field} does not reference a positive integer: ${JSON.stringify(v ?? null)}`,
    );
  }
  return v;
}

/** The task's result arrived (Lambda return value, or the output sent with SendTaskSuccess). */
export function taskSucceeded(it: Interpreter, t: ThreadSnap, value: Json): void {
  const s = it.stateOf(t);
  const pending = t.task;
  if (!pending) return;
  t.task = undefined;
  t.phase = "ready";
  let result: Json = value;
  if (pending.kind === "plain") {
    it.emit("LambdaFunctionSucceeded", { output: value });
  } else {
    if (pending.kind === "invoke") result = lambdaInvokeResult(value);
    it.emit("TaskSucceeded", {
      resourceType: "lambda",
      resource: RESOURCE_NAME[pending.kind],
      output: result,
    });
  }
  finishWithResult(it, t, s, result);
}

/** The task failed: the function threw, SendTaskFailure, or a timeout/heartbeat timer fired. */
export function taskFailed(
  it: Interpreter,
  t: ThreadSnap,
  error: string,
  cause: string,
  timedOut = false,
): void {
  const s = it.stateOf(t);
  const pending = t.task;
  if (!pending) return;
  t.task = undefined;
  t.phase = "ready";
  if (pending.kind === "plain") {
    it.emit(timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed", { error, cause });
  } else {
    it.emit(timedOut ? "TaskTimedOut" : "TaskFailed", {
      resourceType: "lambda",
      resource: RESOURCE_NAME[pending.kind],
      error,
      cause,
    });
  }
  it.failState(t, s, error, cause);
}
