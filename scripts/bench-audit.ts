/**
 * Benchmark 3: audit query scaling. Loads audit events straight into DynamoDB Local
 * (BatchWriteItem, as test/integration/audit-scale.test.ts does) and measures the p95 of an
 * auditor's 50-event page (GET /v1/audit/events by province, reviewing unit and type from
 * random points in the first half of the stored time span, and by actor from the start) with
 * 10,000 events stored, then again with AUDIT_BENCH_EVENTS stored.
 *
 *   npm run bench:audit                          # 10,000 vs 1,000,000
 *   AUDIT_BENCH_EVENTS=100000 npm run bench:audit
 *   AUDIT_BENCH_DISK=1 npm run bench:audit       # DynamoDB Local on disk instead of in memory
 *
 * Ends with one JSON line: { p95_ms_10k, p95_ms_large, events_large, ratio_1m_vs_10k,
 * load_events_per_s, loadavg }. DynamoDB Local runs in memory (a million events take about
 * 2 GB of the machine's memory) unless AUDIT_BENCH_DISK=1, with its JVM's optimizing compiler
 * on (LOCAL_DYNAMODB_JIT=throughput). AUDIT_LOAD_PARALLEL batches of 25
 * are in flight while loading. Before the 10,000-event figure the queries run once unmeasured,
 * so that neither figure includes the JIT warm-up of DynamoDB Local and the stack.
 */
import os from "node:os";

import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { loadBulkAuditEvents } from "../test/support/audit-bulk.ts";
import { startStack } from "../test/support/local-stack.ts";
import { BenchClient, pct } from "./bench/client.ts";

const LARGE = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000);
const SMALL = 10_000;
const QUERIES_PER_KIND = Number(process.env.AUDIT_BENCH_QUERIES ?? 50);
const PARALLEL = Number(process.env.AUDIT_LOAD_PARALLEL ?? 32);
const ON_DISK = process.env.AUDIT_BENCH_DISK === "1";
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const STREAMS = 20_000;
const T0 = Date.UTC(2025, 0, 1);
const SHAPE = { streams: STREAMS, stepMs: 6_000, t0: T0 };

// The JVM's optimizing compiler on: a million writes are a long run, not a test's short one
// (local/dynamodb.ts: about twice the loader's rate of the startup mode).
const stack = await startStack({
  env: { LOCAL_IN_MEMORY: ON_DISK ? "0" : "1", LOCAL_DYNAMODB_JIT: "throughput" },
});
try {
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  let loaded = 0;
  async function loadTo(total: number): Promise<number> {
    const started = performance.now();
    await loadBulkAuditEvents(ddb, "AuditTable", { from: loaded, to: total }, SHAPE, PARALLEL);
    const rate = (total - loaded) / ((performance.now() - started) / 1000);
    loaded = total;
    console.log(
      `loaded ${total} events (${rate.toFixed(0)} events/s, ${PARALLEL} batches in flight), load ${load().join(" ")}`,
    );
    return rate;
  }
  const client = new BenchClient(stack.urls.api);
  async function measure(label: string): Promise<number> {
    const span = loaded * 6_000;
    const at = () => new Date(T0 + Math.floor(Math.random() * span * 0.5)).toISOString();
    const named: [string, () => string][] = [
      ["province", () => `provinceId=P-LC&from=${at()}`],
      ["unit", () => `reviewUnitId=RU-BX&from=${at()}`],
      ["type", () => `type=review.approved&from=${at()}`],
      ["actor", () => `actorId=officer-${Math.floor(Math.random() * 37)}`],
    ];
    const kinds = named.map(([, k]) => k);
    const perKind = new Map<string, number[]>(named.map(([n]) => [n, []]));
    for (const k of kinds)
      await client.call("warm", "GET", `/v1/audit/events?${k()}&limit=50`, {
        token: "auditor.laocai",
      });
    for (let i = 0; i < QUERIES_PER_KIND; i++) {
      for (const [name, k] of named) {
        const t0 = performance.now();
        const r = await client.call<{ events: unknown[] }>(
          label,
          "GET",
          `/v1/audit/events?${k()}&limit=50`,
          {
            token: "auditor.laocai",
          },
        );
        if (r.status !== 200 || r.json.events.length !== 50) {
          throw new Error(
            `audit page: HTTP ${r.status}, ${r.json?.events?.length} events: ${r.text.slice(0, 200)}`,
          );
        }
        perKind.get(name)?.push(performance.now() - t0);
      }
    }
    const s = [...(client.samples.get(label) ?? [])].sort((a, z) => a - z);
    console.log(
      `${label}: p50 ${pct(s, 50)} ms, p95 ${pct(s, 95)} ms over ${s.length} pages, load ${load().join(" ")}`,
    );
    const byKind = [...perKind].map(
      ([n, l]) =>
        `${n} ${pct(
          [...l].sort((a, z) => a - z),
          95,
        )}`,
    );
    console.log(`${label}: p95 by query (ms): ${byKind.join(", ")}`);
    return pct(s, 95);
  }
  const rateSmall = await loadTo(SMALL);
  await measure("warm-up (not counted)");
  const p95Small = await measure("10k");
  const rateLarge = await loadTo(LARGE);
  const p95Large = await measure("large");
  ddb.destroy();
  const ratio = p95Large / p95Small;
  console.log(
    JSON.stringify({
      benchmark: "audit",
      page_size: 50,
      events_small: SMALL,
      events_large: LARGE,
      p95_ms_10k: p95Small,
      p95_ms_large: p95Large,
      ratio_1m_vs_10k: Number(ratio.toFixed(2)),
      load_events_per_s: Math.round((rateSmall + rateLarge) / 2),
      load_events_per_s_large: Math.round(rateLarge),
      load_parallel: PARALLEL,
      dynamodb_local: ON_DISK ? "disk" : "memory",
      loadavg: load(),
      pages_per_measure: QUERIES_PER_KIND * 4,
      target_met: ratio <= 1.5,
    }),
  );
  process.exitCode = ratio <= 1.5 ? 0 : 1;
} finally {
  await stack.dispose();
}
