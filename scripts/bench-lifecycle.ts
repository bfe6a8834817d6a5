/**
 * Benchmark 1: N proposals driven concurrently through the whole lifecycle over HTTP on the
 * local stack, and interleaved with them, at the same concurrency, DynamoDB Local's raw
 * conditional-put rate (the floor): BENCH_ROUNDS rounds of (floor, N ÷ rounds lifecycles), so
 * that both see the same machine load. `floor_ratio` = item writes/s ÷ floor puts/s (target
 * ≥ 0.6); `write_read_p95_ratio` = the slowest write endpoint's p95 ÷ the read's p95 (≤ 4).
 *
 *   npm run bench:lifecycle                       # N=1000, concurrency 16, 4 rounds
 *   BENCH_N=200 BENCH_CONCURRENCY=16 npm run bench:lifecycle
 *
 * Writes the full figures to .local/bench/lifecycle.json (benchmark 4 prices them) and ends
 * with one JSON line.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startStack } from "../test/support/local-stack.ts";
import { BenchClient, pool } from "./bench/client.ts";
import { floorWritesPerSecond } from "./bench/floor.ts";
import { type LifecycleOptions, runLifecycle } from "./bench/lifecycle.ts";
import { memorySampler, usage, workflowFigures } from "./bench/stack-usage.ts";

const N = Number(process.env.BENCH_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const FLOOR_PUTS = Number(process.env.BENCH_FLOOR_PUTS ?? 4000);
const ROUNDS = Math.max(1, Math.min(N, Number(process.env.BENCH_ROUNDS ?? 4)));
/** "CreateProposalRole3F2A91C0" (or with a stack prefix and "-") → "CreateProposal". */
const functionOfRole = (role: string) => role.replace(/^.*?-/, "").replace(/Role[0-9A-F]*$/, "");
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
export const RESULT_FILE = path.join(process.cwd(), ".local", "bench", "lifecycle.json");

const stack = await startStack();
try {
  const client = new BenchClient(stack.urls.api);
  const run = `b${Date.now().toString(36)}`;
  const opts: LifecycleOptions = { run, retryForMs: 30_000, pollMs: 150, waitMs: 120_000 };
  // Warm-up: handler modules, JIT, DynamoDB Local's tables.
  await pool(Math.min(20, N), CONCURRENCY, (i) =>
    runLifecycle(client, -1 - i, { ...opts, run: `${run}w` }),
  );
  client.samples.clear();
  const mailsBefore = (await stack.mails()).length;
  await usage(stack.urls.api, true);
  const memory = memorySampler(stack.info.pid);

  const results: Awaited<ReturnType<typeof runLifecycle>>[] = [];
  const floors: number[] = [];
  let seconds = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const from = Math.floor((N * r) / ROUNDS);
    const to = Math.floor((N * (r + 1)) / ROUNDS);
    floors.push(
      await floorWritesPerSecond(stack.urls.dynamodb, CONCURRENCY, Math.ceil(FLOOR_PUTS / ROUNDS)),
    );
    const started = performance.now();
    results.push(
      ...(await pool(to - from, CONCURRENCY, (i) => runLifecycle(client, from + i, opts))),
    );
    seconds += (performance.now() - started) / 1000;
    console.log(
      `round ${r + 1}/${ROUNDS}: floor ${floors[r]?.toFixed(0)} puts/s, ${to} lifecycles done, load ${load().join(" ")}`,
    );
  }

  const mem = await memory.stop();
  const used = await usage(stack.urls.api);
  const mails = (await stack.mails()).length - mailsBefore;
  const closed = results.filter((r) => r.status === "CLOSED");
  const failures = results.filter((r) => r.error).map((r) => r.error);
  const sampleIds = closed.slice(0, 50).flatMap((r) => (r.id ? [r.id] : []));
  const workflow = await workflowFigures(stack.urls.sfn, sampleIds);

  const floor = floors.reduce((a, b) => a + b, 0) / floors.length;
  const lifecyclesPerS = closed.length / seconds;
  const writesPerLifecycle = used.itemWrites / N;
  const latency = client.percentiles();
  const pollLabel = "GET /v1/proposals/{id}";
  const requests = [...client.samples.values()].reduce((n, l) => n + l.length, 0);
  const polls = client.samples.get(pollLabel)?.length ?? 0;
  const round = (x: number, d = 2) => Number(x.toFixed(d));
  const readP95 = latency[pollLabel]?.p95 ?? 0;
  const writeP95 = Math.max(
    ...Object.entries(latency)
      .filter(([k]) => k.startsWith("POST "))
      .map(([, v]) => v.p95),
  );
  const figures = {
    benchmark: "lifecycle",
    lifecycles: N,
    closed: closed.length,
    failed: failures.length,
    concurrency: CONCURRENCY,
    seconds: round(seconds, 1),
    lifecycles_per_s: round(lifecyclesPerS),
    latency_ms: latency,
    writes_per_lifecycle: round(writesPerLifecycle),
    write_units_per_lifecycle: round(used.writeUnits / N),
    read_units_per_lifecycle: round(used.readUnits / N),
    dynamodb_calls_per_lifecycle: Object.fromEntries(
      Object.entries(used.calls).map(([k, v]) => [k.replace(/Command$/, ""), round(v / N)]),
    ),
    // Per calling function (its role's name less the CDK suffix), for reading a request's
    // round trips one function at a time.
    dynamodb_calls_per_lifecycle_by_function: Object.fromEntries(
      Object.entries(used.callsByRole)
        .map(([role, calls]) => [
          functionOfRole(role),
          Object.fromEntries(
            Object.entries(calls).map(([k, v]) => [k.replace(/Command$/, ""), round(v / N)]),
          ),
        ])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
    api_requests_per_lifecycle: round((requests - polls) / N),
    status_polls_per_lifecycle: round(polls / N),
    emails_per_lifecycle: round(mails / N),
    state_transitions_per_lifecycle: round(workflow.stateTransitionsPerExecution),
    workflow_lambda_invocations_per_lifecycle: round(workflow.lambdaInvocationsPerExecution),
    workflow_lambda_mean_ms: round(workflow.lambdaMeanMs, 1),
    floor_writes_per_s: round(floor, 1),
    floor_ratio: round((lifecyclesPerS * writesPerLifecycle) / floor),
    floor_rounds: ROUNDS,
    write_read_p95_ratio: readP95 > 0 ? round(writeP95 / readP95) : null,
    loadavg: load(),
    peak_rss_mb: mem.peakRssMb,
    client: client.counts,
    first_failures: failures.slice(0, 3),
  };
  await mkdir(path.dirname(RESULT_FILE), { recursive: true });
  await writeFile(RESULT_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  for (const [label, p] of Object.entries(latency)) {
    console.log(
      `${label.padEnd(40)} n=${String(p.n).padStart(5)}  p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms`,
    );
  }
  console.log(
    `${closed.length}/${N} lifecycles closed in ${seconds.toFixed(1)} s at concurrency ${CONCURRENCY}: ${lifecyclesPerS.toFixed(2)}/s; ${writesPerLifecycle.toFixed(1)} item writes each; floor ${floor.toFixed(0)} puts/s`,
  );
  const { latency_ms: _l, client: _c, first_failures: _f, ...line } = figures;
  console.log(
    JSON.stringify({
      ...line,
      latency_ms: Object.fromEntries(
        Object.entries(latency).map(([k, v]) => [k, { p50: v.p50, p95: v.p95, p99: v.p99 }]),
      ),
    }),
  );
  process.exitCode = failures.length > 0 ? 1 : 0;
} finally {
  await stack.dispose();
}
