import { looksLikeIntrinsic, parseIntrinsic } from "./intrinsics.ts";
import { type CompiledPath, compileReferencePath } from "./jsonpath.ts";
import { compileIoPath, compileResultPath, compileTemplate } from "./payload.ts";
import { stateType } from "./states/index.ts";
import type {
  Catcher,
  CState,
  LoadContext,
  PathOrFn,
  Retrier,
  StateBase,
  StateTypeName,
} from "./states/state.ts";
import { isObject, type JsonObject, UnsupportedDefinitionError } from "./types.ts";

/**
 * Loads an ASL definition (JSONPath query language) into a compiled form, rejecting anything the
 * runtime cannot run with an UnsupportedDefinitionError that names the state and the field.
 * What is common to all states is loaded here; each state type's own fields by its module in
 * states/.
 */
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

/** " (why)" for a field that belongs to a feature the runtime refuses, else "". */
function hint(field: string): string {
  return Object.hasOwn(HINTS, field) ? ` (${HINTS[field]})` : "";
}

class Loader implements LoadContext {
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
      if (!allowedTop.includes(k)) this.fail(`unsupported field '${k}'${hint(k)}`, owner, k);
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
      ...(s.type === "Choice"
        ? [...(s.default ? [s.default] : []), ...s.choices.map((c) => c.next)]
        : []),
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
    const handler = stateType(type);
    if (!handler) this.fail(`unsupported state type ${JSON.stringify(type)}`, name, "Type");
    this.queryLanguage(raw.QueryLanguage, name);
    const allowed = handler.fields;
    for (const k of Object.keys(raw)) {
      if (!allowed.includes(k))
        this.fail(`unsupported field for a ${type} state${hint(k)}`, name, k);
    }
    const s: StateBase = {
      name,
      type: type as StateTypeName,
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
    return handler.load(s, raw, this);
  }

  pathOrFn(v: unknown, name: string, field: string): PathOrFn | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "string") this.fail("must be a string", name, field);
    return this.at(name, field, () =>
      looksLikeIntrinsic(v) ? { fn: parseIntrinsic(v) } : { path: compileReferencePath(v) },
    );
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
          this.fail(`unsupported field '${k}'${hint(k)}`, name, `${f}.${k}`);
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
