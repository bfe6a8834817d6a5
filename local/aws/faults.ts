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
 * - `lambda`: per function (name or logical-id prefix), its invocations fail with
 *   Lambda.ServiceException, either `before` the handler runs or `after` it ran (the response
 *   is lost), the way a state's Retry sees a failed Invoke.
 *
 * LOCAL_FAULTS="throttle:0.2,txconflict:0.3,sfnThrottle:1" at start-up, or POST /_local/faults
 * {"throttle": 0.2, "txconflict": 0.3, "sfnThrottle": 0, "lambda": {"OpenReviewTask": "after"}}
 * at run time ({} turns everything off).
 */

export type LambdaFault = "before" | "after";

export interface FaultConfig {
  throttle: number;
  txconflict: number;
  sfnThrottle: number;
  lambda: Record<string, LambdaFault>;
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
  /** The fault set for a function (matched by name or logical-id prefix), counted when used. */
  lambdaFault(functionName: string): LambdaFault | undefined;
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
      if (typeof lambda !== "object" || lambda === null) {
        throw new RangeError('lambda must map function names to "before" or "after"');
      }
      for (const [fn, when] of Object.entries(lambda)) {
        if (when !== "before" && when !== "after") {
          throw new RangeError(`lambda.${fn} must be "before" or "after"`);
        }
        out.lambda[fn] = when;
      }
      config = out;
    },
    state: () => ({
      faults: { ...config, lambda: { ...config.lambda } },
      injected: { ...stats },
    }),
    inject(kind) {
      const p = config[kind];
      if (p <= 0 || Math.random() >= p) return false;
      stats[counter[kind]]++;
      return true;
    },
    lambdaFault(functionName) {
      for (const [prefix, when] of Object.entries(config.lambda)) {
        if (functionName === prefix || functionName.startsWith(prefix)) {
          stats.lambdaFailed++;
          return when;
        }
      }
      return undefined;
    },
  };
}
