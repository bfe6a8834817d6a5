/**
 * Benchmark 4: cost of one proposal lifecycle on AWS, priced from the operations counted by
 * benchmark 1 (.local/bench/lifecycle.json): state transitions, Lambda invocations × measured
 * duration × memory, DynamoDB write and read request units, emails and API requests, at the
 * ap-southeast-1 list prices in scripts/bench/pricing.ts (cited and dated there).
 *
 *   npm run bench:cost                 # prices the last benchmark 1 run (runs a 100-proposal one if none)
 *   BENCH_COST_FRESH=1 npm run bench:cost
 *
 * Lambda durations are the client-side p50 latencies of the API calls (an upper bound: they
 * include HTTP and the local stack's routing) and the workflow steps' mean from the execution
 * histories. Status polls are not priced: a person opens the page once per step, counted as
 * 2 reads per lifecycle.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LAMBDA_MEMORY_MB, PRICES, PRICES_DATE, REGION } from "./bench/pricing.ts";

const FILE = path.join(process.cwd(), ".local", "bench", "lifecycle.json");
const TARGET = 0.001;

interface Lifecycle {
  lifecycles: number;
  latency_ms: Record<string, { n: number; p50: number }>;
  write_units_per_lifecycle: number;
  read_units_per_lifecycle: number;
  api_requests_per_lifecycle: number;
  emails_per_lifecycle: number;
  state_transitions_per_lifecycle: number;
  workflow_lambda_invocations_per_lifecycle: number;
  workflow_lambda_mean_ms: number;
}

if (!existsSync(FILE) || process.env.BENCH_COST_FRESH === "1") {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-lifecycle.ts"], {
    stdio: "inherit",
    env: { ...process.env, BENCH_N: process.env.BENCH_N ?? "100" },
  });
  if (r.status !== 0 && !existsSync(FILE)) throw new Error("benchmark 1 failed");
}
const b = JSON.parse(await readFile(FILE, "utf8")) as Lifecycle;

const PAGE_VIEWS = 2;
const pollLabel = "GET /v1/proposals/{id}";
let apiMs = 0;
let apiCalls = 0;
for (const [label, p] of Object.entries(b.latency_ms)) {
  if (label === pollLabel) continue;
  apiMs += (p.n / b.lifecycles) * p.p50;
  apiCalls += p.n / b.lifecycles;
}
const pollP50 = b.latency_ms[pollLabel]?.p50 ?? 0;
apiMs += PAGE_VIEWS * pollP50;
const requests = apiCalls + PAGE_VIEWS;
const workflowMs = b.workflow_lambda_invocations_per_lifecycle * b.workflow_lambda_mean_ms;
const gbSeconds = ((apiMs + workflowMs) / 1000) * (LAMBDA_MEMORY_MB / 1024);
const invocations = requests + b.workflow_lambda_invocations_per_lifecycle;

const parts = {
  step_functions: b.state_transitions_per_lifecycle * PRICES.sfnPerTransition,
  lambda_requests: invocations * PRICES.lambdaPerRequest,
  lambda_duration: gbSeconds * PRICES.lambdaPerGbSecond,
  dynamodb_writes: b.write_units_per_lifecycle * PRICES.dynamoPerWriteUnit,
  dynamodb_reads: b.read_units_per_lifecycle * PRICES.dynamoPerReadUnit,
  api_gateway: requests * PRICES.httpApiPerRequest,
  ses: b.emails_per_lifecycle * PRICES.sesPerEmail,
};
const total = Object.values(parts).reduce((a, z) => a + z, 0);
const usd = (x: number) => Number(x.toPrecision(3));
for (const [k, v] of Object.entries(parts)) console.log(`${k.padEnd(16)} $${v.toFixed(7)}`);
console.log(
  `${"total".padEnd(16)} $${total.toFixed(7)} per lifecycle (${REGION}, prices of ${PRICES_DATE})`,
);
console.log(
  JSON.stringify({
    benchmark: "cost",
    region: REGION,
    prices_date: PRICES_DATE,
    usd_per_lifecycle: usd(total),
    usd_per_1000_lifecycles: Number((total * 1000).toFixed(3)),
    breakdown_usd: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, usd(v)])),
    counted: {
      state_transitions: b.state_transitions_per_lifecycle,
      lambda_invocations: Number(invocations.toFixed(2)),
      lambda_gb_seconds: Number(gbSeconds.toFixed(3)),
      write_units: b.write_units_per_lifecycle,
      read_units: b.read_units_per_lifecycle,
      api_requests: Number(requests.toFixed(2)),
      emails: b.emails_per_lifecycle,
    },
    from_lifecycles: b.lifecycles,
    target_met: total <= TARGET,
  }),
);
process.exitCode = total <= TARGET ? 0 : 1;
