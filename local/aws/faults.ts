/**
 * Fault injection of the local stack, applied by its AWS front ends so that no deployed bundle
 * carries any of it:
 * - `throttle`: a DynamoDB call from a function fails with ProvisionedThroughputExceededException
 *   before reaching the table (nothing written); the SDK retries it with its throttling back-off.
 * - `txconflict`: a TransactWriteItems fails with TransactionCanceledException, every reason
 *   `TransactionConflict` (nothing written); `transact()` retries it. DynamoDB Local never
 *   raises this one by itself.
 * - `sfnThrottle`: a Step Functions call from a function fails with ThrottlingException
 *   ("Rate exceeded"), as StartExecution and SendTask* do under their quotas.
 * - `lambda`: per function (name or logical-id prefix), its invocations fail (every one, or the
 *   next `times`) in one of the ways of `LambdaFault`: the Lambda service failing `before` or
 *   `after` the handler, a `throttle`, the function's own error (`throw`) or a `timeout`. The
 *   Step Functions runtime and the HTTP server see exactly what they would see on AWS.
 *
 * LOCAL_FAULTS="throttle:0.2,txconflict:0.3,sfnThrottle:1" at start-up, or POST /_local/faults
 * {"throttle": 0.2, "txconflict": 0.3, "sfnThrottle": 0, "lambda": {"OpenReviewTask": "after",
 * "CheckNorms": {"mode": "throw", "times": 1}}} at run time ({} turns everything off).
 */

/**
 * How an injected Lambda fault fails an invocation:
 * - `before`: Lambda.ServiceException before the handler runs (nothing ran);
 * - `after`: the handler ran, then Lambda.ServiceException (its result is lost);
 * - `throttle`: Lambda.TooManyRequestsException ("Rate Exceeded."), before the handler runs, as
 *   Lambda refuses an invocation over the function's or the account's concurrency;
 * - `throw`: the function's error (errorType `Error` unless the rule names one), as if its
 *   handler threw before doing anything: a step that failed, which no Retry of the service's
 *   errors covers;
 * - `timeout`: the invocation hangs for the function's template Timeout, then
 *   Sandbox.Timedout ("Task timed out after …"), as a handler stuck on a call does.
 */
export const LAMBDA_FAULT_MODES = ["before", "after", "throttle", "throw", "timeout"] as const;
export type LambdaFault = (typeof LAMBDA_FAULT_MODES)[number];

/** One function's fault: every invocation, or only the next `times` ones. */
export interface LambdaFaultRule {
  mode: LambdaFault;
  /** Invocations still to fail; absent: every invocation. */
  remaining?: number;
  /** `throw` only: the errorType the caller sees (default `Error`). */
  errorType?: string;
}

export interface FaultConfig {
  throttle: number;
  txconflict: number;
  sfnThrottle: number;
  lambda: Record<string, LambdaFaultRule>;
}

export interface FaultStats {
  throttled: number;
  conflicts: number;
  sfnThrottled: number;
  lambdaFailed: number;
}

const RATES = ["throttle", "txconflict", "sfnThrottle"] as const;

/** Parses "throttle:0.2,txconflict:0.3" (missing kinds are 0); throws on anything else. */
export function parseFaults(spec: string): Partial<FaultConfig> {
  const out: Partial<FaultConfig> = {};
  for (const part of spec.split(",").map((s) => s.trim())) {
    if (!part) continue;
    const [kind, value] = part.split(":");
    const p = Number(value);
    const rate = RATES.find((r) => r === kind);
    if (!rate || !(p >= 0 && p <= 1)) {
      throw new RangeError(
        `bad fault "${part}": expected throttle, txconflict or sfnThrottle with a probability 0..1`,
      );
    }
    out[rate] = p;
  }
  return out;
}

export interface Faults {
  /** Replaces every setting (missing ones are off); throws RangeError on a bad value. */
  set(next: unknown): void;
  state(): { faults: FaultConfig; injected: FaultStats };
  /** Draws whether this call is to fail with `kind` and counts it. */
  inject(kind: "throttle" | "txconflict" | "sfnThrottle"): boolean;
  /**
   * The fault for this invocation of a function (its rule matched by name or logical-id
   * prefix), counted, and taken from the rule's remaining invocations; undefined when none.
   */
  lambdaFault(functionName: string): { mode: LambdaFault; errorType?: string } | undefined;
}

export function createFaults(initial: Partial<FaultConfig> = {}): Faults {
  let config: FaultConfig = { throttle: 0, txconflict: 0, sfnThrottle: 0, lambda: {}, ...initial };
  const stats: FaultStats = { throttled: 0, conflicts: 0, sfnThrottled: 0, lambdaFailed: 0 };
  const counter = {
    throttle: "throttled",
    txconflict: "conflicts",
    sfnThrottle: "sfnThrottled",
  } as const;
  return {
    set(raw) {
      const next = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      const out: FaultConfig = { throttle: 0, txconflict: 0, sfnThrottle: 0, lambda: {} };
      for (const kind of RATES) {
        const p = next[kind] ?? 0;
        if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
          throw new RangeError(`${kind} must be a probability between 0 and 1`);
        }
        out[kind] = p;
      }
      const lambda = next.lambda ?? {};
      if (typeof lambda !== "object" || lambda === null || Array.isArray(lambda)) {
        throw new RangeError(
          'lambda must map function names to a mode or {"mode", "times", "errorType"}',
        );
      }
      for (const [fn, rule] of Object.entries(lambda)) out.lambda[fn] = lambdaRule(fn, rule);
      config = out;
    },
    state: () => ({
      faults: {
        ...config,
        lambda: Object.fromEntries(Object.entries(config.lambda).map(([k, r]) => [k, { ...r }])),
      },
      injected: { ...stats },
    }),
    inject(kind) {
      const p = config[kind];
      if (p <= 0 || Math.random() >= p) return false;
      stats[counter[kind]]++;
      return true;
    },
    lambdaFault(functionName) {
      for (const [prefix, rule] of Object.entries(config.lambda)) {
        if (functionName !== prefix && !functionName.startsWith(prefix)) continue;
        if (rule.remaining !== undefined) {
          if (rule.remaining <= 0) continue;
          rule.remaining--;
        }
        stats.lambdaFailed++;
        return { mode: rule.mode, ...(rule.errorType ? { errorType: rule.errorType } : {}) };
      }
      return undefined;
    },
  };
}

const ERROR_TYPE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** `"throw"` or `{"mode": "throw", "times": 1, "errorType": "NormSetMissing"}`. */
function lambdaRule(fn: string, raw: unknown): LambdaFaultRule {
  const spec = typeof raw === "string" ? { mode: raw } : raw;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new RangeError(`lambda.${fn} must be a mode or {"mode", "times", "errorType"}`);
  }
  const { mode, times, errorType, ...extra } = spec as Record<string, unknown>;
  const unknownKey = Object.keys(extra)[0];
  if (unknownKey !== undefined) throw new RangeError(`lambda.${fn}.${unknownKey} is not known`);
  const known = LAMBDA_FAULT_MODES.find((m) => m === mode);
  if (!known) throw new RangeError(`lambda.${fn} mode must be ${LAMBDA_FAULT_MODES.join(", ")}`);
  if (times !== undefined && !(Number.isInteger(times) && (times as number) >= 1)) {
    throw new RangeError(`lambda.${fn}.times must be a whole number of at least 1`);
  }
  if (errorType !== undefined) {
    if (known !== "throw") throw new RangeError(`lambda.${fn}.errorType needs mode "throw"`);
    if (typeof errorType !== "string" || !ERROR_TYPE.test(errorType)) {
      throw new RangeError(`lambda.${fn}.errorType must be an error name such as "Error"`);
    }
  }
  return {
    mode: known,
    ...(times !== undefined ? { remaining: times as number } : {}),
    ...(typeof errorType === "string" ? { errorType } : {}),
  };
}
