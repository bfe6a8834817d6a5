/**
 * Fault injection for the local stack only: a middleware on the DynamoDB client that fails a
 * share of the calls the way DynamoDB does under load, so the retry paths are exercised.
 *
 * - `throttle`: the call fails with ProvisionedThroughputExceededException before reaching the
 *   table (nothing written); the SDK retries it with its throttling back-off.
 * - `txconflict`: a TransactWriteItems fails with TransactionCanceledException, every reason
 *   `TransactionConflict` (nothing written); `transact()` retries it with jittered back-off.
 *   DynamoDB Local never raises this one by itself.
 *
 * Enabled by LOCAL_FAULTS="throttle:0.2,txconflict:0.3" at start-up or at run time through
 * POST /_local/faults. It can never be enabled on AWS: `faultsAllowed()` requires LOCAL_STACK=1
 * and refuses whenever the Lambda runtime's reserved variables are present (a function's
 * configuration cannot set those), and the endpoint exists only in the local HTTP server.
 */
import {
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";

export interface FaultConfig {
  /** Probability (0..1) that any DynamoDB call is throttled. */
  throttle: number;
  /** Probability (0..1) that a TransactWriteItems is cancelled by a conflict. */
  txconflict: number;
}

export interface FaultStats {
  throttled: number;
  conflicts: number;
}

const config: FaultConfig = { throttle: 0, txconflict: 0 };
const stats: FaultStats = { throttled: 0, conflicts: 0 };

/** True only on the local stack, never inside a Lambda runtime. */
export function faultsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_LAMBDA_FUNCTION_NAME || env.AWS_EXECUTION_ENV || env.LAMBDA_TASK_ROOT) return false;
  return env.LOCAL_STACK === "1";
}

/** Parses "throttle:0.2,txconflict:0.3" (missing kinds are 0); throws on anything else. */
export function parseFaults(spec: string): FaultConfig {
  const out: FaultConfig = { throttle: 0, txconflict: 0 };
  for (const part of spec.split(",").map((s) => s.trim())) {
    if (!part) continue;
    const [kind, value] = part.split(":");
    const p = Number(value);
    if ((kind !== "throttle" && kind !== "txconflict") || !(p >= 0 && p <= 1)) {
      throw new RangeError(`bad fault "${part}": expected throttle:<0..1> or txconflict:<0..1>`);
    }
    out[kind] = p;
  }
  return out;
}

/** Replaces the fault rates (local stack only); returns the rates now in force. */
export function setFaults(next: Partial<FaultConfig>): FaultConfig {
  if (!faultsAllowed()) throw new Error("fault injection exists only on the local stack");
  for (const kind of ["throttle", "txconflict"] as const) {
    const p = next[kind];
    if (p === undefined) continue;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new RangeError(`${kind} must be a probability between 0 and 1`);
    }
    config[kind] = p;
  }
  return { ...config };
}

export function currentFaults(): { faults: FaultConfig; injected: FaultStats } {
  return { faults: { ...config }, injected: { ...stats } };
}

let attached = false;

/**
 * Adds the fault middleware to the client when faults are allowed (local stack). Sits inside
 * the SDK's retry middleware, so an injected throttle is retried exactly like a real one.
 */
export function attachFaults(client: DynamoDBClient): void {
  if (attached || !faultsAllowed()) return;
  attached = true;
  if (process.env.LOCAL_FAULTS) setFaults(parseFaults(process.env.LOCAL_FAULTS));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (config.throttle > 0 && Math.random() < config.throttle) {
        stats.throttled++;
        throw new ProvisionedThroughputExceededException({
          message: "injected throttle (LOCAL_FAULTS)",
          $metadata: { httpStatusCode: 400 },
        });
      }
      if (
        config.txconflict > 0 &&
        context.commandName === "TransactWriteItemsCommand" &&
        Math.random() < config.txconflict
      ) {
        stats.conflicts++;
        const input = args.input as { TransactItems?: unknown[] };
        throw new TransactionCanceledException({
          message: "Transaction cancelled (injected TransactionConflict)",
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: (input.TransactItems ?? [{}]).map(() => ({
            Code: "TransactionConflict",
            Message: "Transaction is ongoing for the item",
          })),
        });
      }
      return next(args);
    },
    { step: "deserialize", priority: "high", name: "p8LocalFaults" },
  );
}
