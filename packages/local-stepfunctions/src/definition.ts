import { compileRule, type Rule } from "./choice.ts";
import { type IntrinsicCall, looksLikeIntrinsic, parseIntrinsic } from "./intrinsics.ts";
import { type CompiledPath, compilePath, compileReferencePath } from "./jsonpath.ts";
import {
  type CompiledTemplate,
  compileIoPath,
  compileResultPath,
  compileTemplate,
  type IoPath,
  type ResultPathSpec,
} from "./payload.ts";
import { isObject, type Json, type JsonObject, UnsupportedDefinitionError } from "./types.ts";

/**
 * Loads an ASL definition (JSONPath query language) into a compiled form, rejecting anything the
 * runtime cannot run with an UnsupportedDefinitionError that names the state and the field.
 */
export interface Retrier {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds: number | undefined;
  jitter: "NONE" | "FULL";
}
export interface Catcher {
  errorEquals: string[];
  next: string;
  resultPath: ResultPathSpec;
}
export type TaskKind = "invoke" | "token" | "plain";
export type PathOrFn = { path: CompiledPath } | { fn: IntrinsicCall };

export interface CState {
  name: string;
  type: "Task" | "Pass" | "Wait" | "Choice" | "Succeed" | "Fail" | "Parallel" | "Map";
  scope: string;
  next: string | undefined;
  end: boolean;
  inputPath: IoPath;
  outputPath: IoPath;
  parameters?: CompiledTemplate;
  resultSelector?: CompiledTemplate;
  resultPath?: ResultPathSpec;
  retry: Retrier[];
  catch: Catcher[];
  // Task
  taskKind?: TaskKind;
  resource?: string;
  timeoutSeconds?: number;
  timeoutPath?: CompiledPath;
  heartbeatSeconds?: number;
  heartbeatPath?: CompiledPath;
  // Pass
  result?: Json;
  hasResult?: boolean;
  // Wait
  seconds?: number;
  timestamp?: string;
  secondsPath?: CompiledPath;
  timestampPath?: CompiledPath;
  // Choice
  choices?: Array<{ rule: Rule; next: string }>;
  default?: string;
  // Fail
  error?: string;
  cause?: string;
  errorPath?: PathOrFn;
  causePath?: PathOrFn;
  // Parallel / Map
  branches?: string[];
  iterator?: string;
  itemsPath?: CompiledPath;
  maxConcurrency?: number;
  maxConcurrencyPath?: CompiledPath;
}

export interface Scope {
  key: string;
  startAt: string;
  states: Map<string, CState>;
}

export interface CompiledMachine {
  arn: string;
  name: string;
  roleArn: string;
  definition: string;
  timeoutSeconds: number | undefined;
  scopes: Map<string, Scope>;
  createdAt: Date;
}

const COMMON = ["Type", "Comment", "QueryLanguage"];
const IO = ["InputPath", "OutputPath"];
const FLOW = ["Next", "End"];
const ERR = ["Retry", "Catch"];
const ALLOWED: Record<string, string[]> = {
  Task: [
    ...COMMON,
    ...IO,
    ...FLOW,
    ...ERR,
    "Resource",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
  ],
  Pass: [...COMMON, ...IO, ...FLOW, "Parameters", "Result", "ResultPath"],
  Wait: [...COMMON, ...IO, ...FLOW, "Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
  Choice: [...COMMON, ...IO, "Choices", "Default"],
  Succeed: [...COMMON, ...IO],
  Fail: [...COMMON, "Error", "Cause", "ErrorPath", "CausePath"],
  Parallel: [
    ...COMMON,
    ...IO,
    ...FLOW,
    ...ERR,
    "Branches",
    "Parameters",
    "ResultSelector",
    "ResultPath",
  ],
  Map: [
    ...COMMON,
    ...IO,
    ...FLOW,
    ...ERR,
    "Iterator",
    "ItemProcessor",
    "ItemsPath",
    "ItemSelector",
    "Parameters",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ResultSelector",
    "ResultPath",
  ],
};
const HINTS: Record<string, string> = {
  Arguments: "it belongs to the JSONata query language",
  Output: "it belongs to the JSONata query language",
  Assign: "workflow variables are not supported",
  Credentials: "cross-account task credentials are not supported",
  ItemReader: "distributed Map is not supported",
  ItemBatcher: "distributed Map is not supported",
  ResultWriter: "distributed Map is not supported",
  ToleratedFailurePercentage: "distributed Map is not supported",
  ToleratedFailureCount: "distributed Map is not supported",
  Label: "distributed Map is not supported",
};

const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const INVOKE_PARAMS = new Set(["FunctionName", "Payload", "Qualifier", "InvocationType"]);

class Loader {
  readonly scopes = new Map<string, Scope>();
  constructor(readonly machineName: string) {}

  fail(msg: string, state?: string, field?: string): never {
    const where = state
      ? `state '${state}'${field ? `, field '${field}'` : ""}`
      : field
        ? `field '${field}'`
        : "definition";
    throw new UnsupportedDefinitionError(
      `State machine '${this.machineName}': ${where}: ${msg}`,
      state,
      field,
    );
  }

  /** Runs `fn`, turning a plain Error into an UnsupportedDefinitionError for `state`/`field`. */
  at<T>(state: string, field: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof UnsupportedDefinitionError) throw e;
      return this.fail((e as Error).message, state, field);
    }
  }

  scope(raw: unknown, key: string, owner: string | undefined, field: string): Scope {
    if (!isObject(raw)) return this.fail("must be an object with StartAt and States", owner, field);
    const allowedTop =
      key === ""
        ? ["StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"]
        : ["StartAt", "States", "Comment", "ProcessorConfig"];
    for (const k of Object.keys(raw)) {
      if (!allowedTop.includes(k))
        this.fail(`unsupported field '${k}'${HINTS[k] ? ` (${HINTS[k]})` : ""}`, owner, k);
    }
    this.queryLanguage(raw.QueryLanguage, owner);
    if (raw.ProcessorConfig !== undefined) {
      const pc = raw.ProcessorConfig;
      if (
        !isObject(pc) ||
        (pc.Mode !== undefined && pc.Mode !== "INLINE") ||
        Object.keys(pc).some((k) => k !== "Mode")
      ) {
        this.fail(
          'only ProcessorConfig {"Mode": "INLINE"} is supported (distributed Map is not)',
          owner,
          "ProcessorConfig",
        );
      }
    }
    if (typeof raw.StartAt !== "string")
      this.fail("StartAt must be a string", owner, `${field}.StartAt`);
    if (!isObject(raw.States) || Object.keys(raw.States).length === 0)
      this.fail("States must be a non-empty object", owner, `${field}.States`);
    const scope: Scope = { key, startAt: raw.StartAt, states: new Map() };
    this.scopes.set(key, scope);
    for (const [name, st] of Object.entries(raw.States))
      scope.states.set(name, this.state(name, st, key));
    if (!scope.states.has(scope.startAt))
      this.fail(`StartAt '${scope.startAt}' is not a state`, owner, `${field}.StartAt`);
    this.checkTransitions(scope);
    return scope;
  }

  queryLanguage(v: unknown, state: string | undefined): void {
    if (v === undefined || v === "JSONPath") return;
    if (v === "JSONata") {
      this.fail(
        'QueryLanguage "JSONata" is not supported: this runtime runs JSONPath definitions only',
        state,
        "QueryLanguage",
      );
    }
    this.fail(`unknown QueryLanguage ${JSON.stringify(v)}`, state, "QueryLanguage");
  }

  checkTransitions(scope: Scope): void {
    const targets = (s: CState): string[] => [
      ...(s.next ? [s.next] : []),
      ...(s.default ? [s.default] : []),
      ...(s.choices ?? []).map((c) => c.next),
      ...s.catch.map((c) => c.next),
    ];
    for (const s of scope.states.values()) {
      for (const t of targets(s))
        if (!scope.states.has(t))
          this.fail(`transition to '${t}', which is not a state of the same scope`, s.name, "Next");
    }
    const seen = new Set<string>([scope.startAt]);
    const todo = [scope.startAt];
    while (todo.length) {
      const s = scope.states.get(todo.pop() as string);
      for (const t of s ? targets(s) : []) {
        if (!seen.has(t)) {
          seen.add(t);
          todo.push(t);
        }
      }
    }
    for (const name of scope.states.keys())
      if (!seen.has(name)) this.fail("the state is unreachable", name, "Type");
  }

  num(
    raw: JsonObject,
    name: string,
    field: string,
    opts: { min?: number; int?: boolean } = {},
  ): number | undefined {
    const v = raw[field];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || (opts.int && !Number.isInteger(v)) || v < (opts.min ?? 0)) {
      this.fail(`must be a ${opts.int ? "integer" : "number"} >= ${opts.min ?? 0}`, name, field);
    }
    return v;
  }

  refPath(raw: JsonObject, name: string, field: string): CompiledPath | undefined {
    const v = raw[field];
    if (v === undefined) return undefined;
    if (typeof v !== "string") this.fail("must be a reference path string", name, field);
    return this.at(name, field, () => compileReferencePath(v));
  }

  state(name: string, raw: unknown, scopeKey: string): CState {
    if (name.length > 80) this.fail("state names are at most 80 characters", name, "Type");
    if (!isObject(raw)) this.fail("must be an object", name, "Type");
    const type = raw.Type;
    if (typeof type !== "string" || !ALLOWED[type])
      this.fail(`unsupported state type ${JSON.stringify(type)}`, name, "Type");
    this.queryLanguage(raw.QueryLanguage, name);
    const allowed = ALLOWED[type] ?? [];
    for (const k of Object.keys(raw)) {
      if (!allowed.includes(k))
        this.fail(
          `unsupported field for a ${type} state${HINTS[k] ? ` (${HINTS[k]})` : ""}`,
          name,
          k,
        );
    }
    const s: CState = {
      name,
      type: type as CState["type"],
      scope: scopeKey,
      next: undefined,
      end: false,
      inputPath: this.at(name, "InputPath", () => compileIoPath(raw.InputPath)),
      outputPath: this.at(name, "OutputPath", () => compileIoPath(raw.OutputPath)),
      retry: [],
      catch: [],
    };
    if (allowed.includes("Next")) {
      if (raw.Next !== undefined && typeof raw.Next !== "string")
        this.fail("must be a string", name, "Next");
      if (raw.End !== undefined && raw.End !== true)
        this.fail("must be true when present", name, "End");
      if ((raw.Next === undefined) === (raw.End === undefined))
        this.fail("exactly one of Next and End is required", name, "Next");
      s.next = raw.Next as string | undefined;
      s.end = raw.End === true;
    }
    if (allowed.includes("Parameters") && raw.Parameters !== undefined) {
      s.parameters = this.at(name, "Parameters", () =>
        compileTemplate(raw.Parameters, "Parameters"),
      );
    }
    if (raw.ResultSelector !== undefined) {
      s.resultSelector = this.at(name, "ResultSelector", () =>
        compileTemplate(raw.ResultSelector, "ResultSelector"),
      );
    }
    if (allowed.includes("ResultPath"))
      s.resultPath = this.at(name, "ResultPath", () => compileResultPath(raw.ResultPath));
    if (allowed.includes("Retry")) {
      s.retry = this.retriers(raw.Retry, name);
      s.catch = this.catchers(raw.Catch, name);
    }
    switch (type) {
      case "Task":
        this.task(s, raw);
        break;
      case "Pass":
        s.hasResult = raw.Result !== undefined;
        s.result = raw.Result as Json;
        break;
      case "Wait": {
        const given = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter(
          (k) => raw[k] !== undefined,
        );
        if (given.length !== 1)
          this.fail(
            "exactly one of Seconds, Timestamp, SecondsPath, TimestampPath is required",
            name,
            given[1] ?? "Seconds",
          );
        s.seconds = this.num(raw, name, "Seconds", { int: true });
        if (raw.Timestamp !== undefined) {
          if (typeof raw.Timestamp !== "string" || Number.isNaN(Date.parse(raw.Timestamp)))
            this.fail("must be an ISO-8601 timestamp", name, "Timestamp");
          s.timestamp = raw.Timestamp;
        }
        s.secondsPath = this.refPath(raw, name, "SecondsPath");
        s.timestampPath = this.refPath(raw, name, "TimestampPath");
        break;
      }
      case "Choice": {
        if (!Array.isArray(raw.Choices) || raw.Choices.length === 0)
          this.fail("must be a non-empty array", name, "Choices");
        s.choices = raw.Choices.map((c, i) =>
          this.at(name, `Choices[${i}]`, () => {
            const rule = compileRule(c, true);
            const next = isObject(c) ? c.Next : undefined;
            if (typeof next !== "string") throw new Error("a top-level choice rule needs Next");
            return { rule, next };
          }),
        );
        if (raw.Default !== undefined && typeof raw.Default !== "string")
          this.fail("must be a string", name, "Default");
        s.default = raw.Default as string | undefined;
        break;
      }
      case "Fail":
        for (const f of ["Error", "Cause"] as const) {
          if (raw[f] !== undefined && typeof raw[f] !== "string")
            this.fail("must be a string", name, f);
          if (raw[f] !== undefined && raw[`${f}Path`] !== undefined)
            this.fail(`${f} and ${f}Path are mutually exclusive`, name, `${f}Path`);
        }
        s.error = raw.Error as string | undefined;
        s.cause = raw.Cause as string | undefined;
        s.errorPath = this.pathOrFn(raw.ErrorPath, name, "ErrorPath");
        s.causePath = this.pathOrFn(raw.CausePath, name, "CausePath");
        break;
      case "Parallel":
        if (!Array.isArray(raw.Branches) || raw.Branches.length === 0)
          this.fail("must be a non-empty array", name, "Branches");
        s.branches = raw.Branches.map(
          (b, i) => this.scope(b, `${scopeKey}/${name}[${i}]`, name, `Branches[${i}]`).key,
        );
        break;
      case "Map":
        this.map(s, raw, scopeKey);
        break;
    }
    return s;
  }

  pathOrFn(v: unknown, name: string, field: string): PathOrFn | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "string") this.fail("must be a string", name, field);
    return this.at(name, field, () =>
      looksLikeIntrinsic(v) ? { fn: parseIntrinsic(v) } : { path: compileReferencePath(v) },
    );
  }

  task(s: CState, raw: JsonObject): void {
    const res = raw.Resource;
    if (typeof res !== "string") this.fail("must be a string", s.name, "Resource");
    s.resource = res;
    if (
      res === "arn:aws:states:::lambda:invoke" ||
      res === "arn:aws:states:::lambda:invoke.waitForTaskToken"
    ) {
      s.taskKind = res.endsWith("waitForTaskToken") ? "token" : "invoke";
      const p = raw.Parameters;
      if (!isObject(p) || (p.FunctionName === undefined && p["FunctionName.$"] === undefined)) {
        this.fail("lambda:invoke needs Parameters with FunctionName", s.name, "Parameters");
      }
      for (const k of Object.keys(p)) {
        const base = k.endsWith(".$") ? k.slice(0, -2) : k;
        if (!INVOKE_PARAMS.has(base))
          this.fail(`unsupported lambda:invoke parameter '${k}'`, s.name, "Parameters");
      }
      if (p.InvocationType !== undefined && p.InvocationType !== "RequestResponse") {
        this.fail("only InvocationType RequestResponse is supported", s.name, "Parameters");
      }
      if (s.taskKind === "token" && !JSON.stringify(p).includes("$$.Task.Token")) {
        this.fail(
          "a .waitForTaskToken task must pass $$.Task.Token in its Parameters",
          s.name,
          "Parameters",
        );
      }
    } else if (LAMBDA_ARN.test(res)) {
      s.taskKind = "plain";
    } else {
      this.fail(
        `unsupported resource '${res}' (supported: arn:aws:states:::lambda:invoke, arn:aws:states:::lambda:invoke.waitForTaskToken, a Lambda function ARN)`,
        s.name,
        "Resource",
      );
    }
    s.timeoutSeconds = this.num(raw, s.name, "TimeoutSeconds", { min: 1, int: true });
    s.timeoutPath = this.refPath(raw, s.name, "TimeoutSecondsPath");
    s.heartbeatSeconds = this.num(raw, s.name, "HeartbeatSeconds", { min: 1, int: true });
    s.heartbeatPath = this.refPath(raw, s.name, "HeartbeatSecondsPath");
    if (s.timeoutSeconds !== undefined && s.timeoutPath)
      this.fail(
        "TimeoutSeconds and TimeoutSecondsPath are mutually exclusive",
        s.name,
        "TimeoutSecondsPath",
      );
    if (s.heartbeatSeconds !== undefined && s.heartbeatPath)
      this.fail(
        "HeartbeatSeconds and HeartbeatSecondsPath are mutually exclusive",
        s.name,
        "HeartbeatSecondsPath",
      );
    if (
      s.heartbeatSeconds !== undefined &&
      s.timeoutSeconds !== undefined &&
      s.heartbeatSeconds >= s.timeoutSeconds
    ) {
      this.fail("HeartbeatSeconds must be smaller than TimeoutSeconds", s.name, "HeartbeatSeconds");
    }
  }

  map(s: CState, raw: JsonObject, scopeKey: string): void {
    const proc = raw.ItemProcessor ?? raw.Iterator;
    if (raw.ItemProcessor !== undefined && raw.Iterator !== undefined)
      this.fail("use either ItemProcessor or Iterator", s.name, "Iterator");
    s.iterator = this.scope(
      proc,
      `${scopeKey}/${s.name}[it]`,
      s.name,
      raw.ItemProcessor ? "ItemProcessor" : "Iterator",
    ).key;
    if (raw.ItemSelector !== undefined && raw.Parameters !== undefined)
      this.fail("use either ItemSelector or Parameters", s.name, "ItemSelector");
    // In a Map state, Parameters is the legacy name of ItemSelector (applied per item).
    const sel = raw.ItemSelector ?? raw.Parameters;
    if (sel !== undefined)
      s.parameters = this.at(s.name, "ItemSelector", () => compileTemplate(sel, "ItemSelector"));
    if (raw.ItemsPath !== undefined) {
      if (typeof raw.ItemsPath !== "string")
        this.fail("must be a path string", s.name, "ItemsPath");
      s.itemsPath = this.at(s.name, "ItemsPath", () => compilePath(raw.ItemsPath as string));
    }
    s.maxConcurrency = this.num(raw, s.name, "MaxConcurrency", { int: true });
    s.maxConcurrencyPath = this.refPath(raw, s.name, "MaxConcurrencyPath");
  }

  errorEquals(v: unknown, name: string, field: string, last: boolean): string[] {
    if (!Array.isArray(v) || v.length === 0 || v.some((e) => typeof e !== "string"))
      this.fail("ErrorEquals must be a non-empty array of strings", name, field);
    if (v.includes("States.ALL") && (v.length !== 1 || !last))
      this.fail("States.ALL must appear alone and in the last entry", name, field);
    return v as string[];
  }

  retriers(v: unknown, name: string): Retrier[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail("must be an array", name, "Retry");
    return v.map((r, i) => {
      const f = `Retry[${i}]`;
      if (!isObject(r)) this.fail("must be an object", name, f);
      for (const k of Object.keys(r)) {
        if (
          ![
            "ErrorEquals",
            "IntervalSeconds",
            "MaxAttempts",
            "BackoffRate",
            "MaxDelaySeconds",
            "JitterStrategy",
            "Comment",
          ].includes(k)
        )
          this.fail(`unsupported field '${k}'`, name, `${f}.${k}`);
      }
      const backoff = this.num(r, name, "BackoffRate") ?? 2;
      if (backoff < 1) this.fail("must be >= 1.0", name, `${f}.BackoffRate`);
      if (
        r.JitterStrategy !== undefined &&
        r.JitterStrategy !== "NONE" &&
        r.JitterStrategy !== "FULL"
      )
        this.fail("must be NONE or FULL", name, `${f}.JitterStrategy`);
      return {
        errorEquals: this.errorEquals(r.ErrorEquals, name, `${f}.ErrorEquals`, i === v.length - 1),
        intervalSeconds: this.num(r, name, "IntervalSeconds", { min: 1, int: true }) ?? 1,
        maxAttempts: this.num(r, name, "MaxAttempts", { int: true }) ?? 3,
        backoffRate: backoff,
        maxDelaySeconds: this.num(r, name, "MaxDelaySeconds", { min: 1, int: true }),
        jitter: (r.JitterStrategy as "NONE" | "FULL" | undefined) ?? "NONE",
      };
    });
  }

  catchers(v: unknown, name: string): Catcher[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail("must be an array", name, "Catch");
    return v.map((c, i) => {
      const f = `Catch[${i}]`;
      if (!isObject(c)) this.fail("must be an object", name, f);
      for (const k of Object.keys(c)) {
        if (!["ErrorEquals", "Next", "ResultPath", "Comment"].includes(k))
          this.fail(
            `unsupported field '${k}'${HINTS[k] ? ` (${HINTS[k]})` : ""}`,
            name,
            `${f}.${k}`,
          );
      }
      if (typeof c.Next !== "string") this.fail("must be a string", name, `${f}.Next`);
      return {
        errorEquals: this.errorEquals(c.ErrorEquals, name, `${f}.ErrorEquals`, i === v.length - 1),
        next: c.Next,
        resultPath: this.at(name, `${f}.ResultPath`, () => compileResultPath(c.ResultPath)),
      };
    });
  }
}

/** Parses and validates a definition; throws UnsupportedDefinitionError naming state and field. */
export function loadDefinition(def: {
  arn: string;
  name: string;
  definition: string | object;
  roleArn?: string;
}): CompiledMachine {
  let raw: unknown = def.definition;
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch (e) {
      throw new UnsupportedDefinitionError(
        `State machine '${def.name}': the definition is not valid JSON: ${(e as Error).message}`,
      );
    }
  }
  const loader = new Loader(def.name);
  loader.scope(raw, "", undefined, "definition");
  const top = raw as JsonObject;
  const timeout = top.TimeoutSeconds;
  if (
    timeout !== undefined &&
    (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < 1)
  ) {
    loader.fail("must be a positive integer", undefined, "TimeoutSeconds");
  }
  return {
    arn: def.arn,
    name: def.name,
    roleArn: def.roleArn ?? `arn:aws:iam::000000000000:role/${def.name}-role`,
    definition: text,
    timeoutSeconds: timeout as number | undefined,
    scopes: loader.scopes,
    createdAt: new Date(),
  };
}
