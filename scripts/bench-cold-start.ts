/**
 * Benchmark 2: cold start. Every Lambda handler is bundled exactly as deployed
 * (infra/constructs/bundling.ts); for each bundle: its minified size, and the wall time of a
 * fresh Node.js 22 process (Lambda's nodejs22.x runtime: the `node@22` package's binary, the
 * one the local stack runs functions on, whatever Node runs this script) that imports it,
 * divided by a bare `node -e 0` of the same binary, medians of BENCH_RUNS runs interleaved in
 * the same run so that machine noise hits both alike.
 *
 *   npm run bench:cold-start
 *
 * Ends with one JSON line: { node_version, bundles: { id: { kb, import_ratio } }, max_bundle_kb,
 * max_import_ratio, median_import_ratio, over_target }. Exits 1 when a target is missed
 * (MAX_BUNDLE_KB, 1.6x).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { handlerBuildOptions, MAX_BUNDLE_KB, PROJECT_ROOT } from "../infra/constructs/bundling.ts";
import { POWERTOOLS_ENVIRONMENT } from "../shared/config.ts";
import { environmentOf } from "../shared/contract/environment.ts";
import {
  ROUTES,
  SCHEDULED_FUNCTIONS,
  TRIGGER_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
} from "../shared/contract/index.ts";

/**
 * 21: a single bundle's median of 7 moved by 0.15-0.25 between runs on a 2-core machine (ten
 * medians of 7 of one bundle in one run spanned 1.49-1.75), so the maximum over 136 bundles
 * mostly measured the noise; with 21 the spread is about half. About 4 minutes here.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const MAX_RATIO = 1.6;
/** Lambda's runtime is Node.js 22: measure on it, not on the Node that runs the tooling. */
const NODE = path.join(PROJECT_ROOT, "node_modules", ".bin", "node");
const NODE_VERSION = spawnSync(NODE, ["-p", "process.version"], { encoding: "utf8" }).stdout.trim();
if (!NODE_VERSION.startsWith("v22.")) {
  throw new Error(`${NODE} is ${NODE_VERSION || "missing"}: npm ci installs Node.js 22 (node@22)`);
}

/**
 * What a function's environment holds on AWS: the variables its grants bring (the handler
 * wrappers check them at cold start), with placeholder values never used at import.
 */
const LAMBDA_ENV = {
  ...POWERTOOLS_ENVIRONMENT,
  PATH: process.env.PATH ?? "",
  AWS_REGION: "ap-southeast-1",
  NODE_OPTIONS: "",
};
const envOf = (grants: Parameters<typeof environmentOf>[0]) => ({
  ...LAMBDA_ENV,
  ...Object.fromEntries(
    environmentOf(grants).map((n) => [n, n === "APP_BASE_URL" ? "https://example.org" : n]),
  ),
});

function wallMs(args: string[], env: Record<string, string> = LAMBDA_ENV): number {
  const started = performance.now();
  const r = spawnSync(NODE, args, { env, encoding: "utf8" });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr.slice(0, 300)}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, z) => a - z);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** BENCH_ONLY=GetProposal,Sweep measures only those bundles (ids of the contract). */
const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const rows = [
  ...ROUTES,
  ...Object.values(WORKFLOW_FUNCTIONS),
  ...Object.values(SCHEDULED_FUNCTIONS),
  ...Object.values(TRIGGER_FUNCTIONS),
].filter((r) => !only || only.includes(r.id));
const outDir = await mkdtemp(path.join(tmpdir(), "p8-cold-"));
try {
  const built = await Promise.allSettled(
    rows.map(async (r) => {
      const outfile = path.join(outDir, r.id, "index.mjs");
      const res = await build({
        ...handlerBuildOptions(r.entry),
        outfile,
        write: true,
        metafile: true,
        logLevel: "silent",
      });
      // The bundle, not its source map.
      const bytes =
        Object.entries(res.metafile.outputs).find(([file]) => file.endsWith(".mjs"))?.[1].bytes ??
        0;
      // What dominates the bundle: bytes in the output per package (or project folder).
      const sizes = new Map<string, number>();
      for (const output of Object.values(res.metafile.outputs)) {
        for (const [file, input] of Object.entries(output.inputs)) {
          const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
          const k = pkg ?? file.split("/").slice(0, 2).join("/");
          sizes.set(k, (sizes.get(k) ?? 0) + input.bytesInOutput);
        }
      }
      const top = [...sizes]
        .sort((a, z) => z[1] - a[1])
        .slice(0, 3)
        .map(([k, b]) => `${k} ${(b / 1000).toFixed(1)}`);
      return { id: r.id, outfile, kb: Math.round(bytes / 100) / 10, top, env: envOf(r.grants) };
    }),
  );
  // A handler that does not build is reported and fails the benchmark; the others are measured.
  const broken = built.flatMap((x, i) =>
    x.status === "rejected" ? [`${rows[i]?.id}: ${String(x.reason).split("\n")[0]}`] : [],
  );
  for (const b of broken) console.error(`bench-cold-start: does not build: ${b}`);
  const bundles = built.flatMap((x) => (x.status === "fulfilled" ? [x.value] : []));
  // An empty ES module: what the ESM loader alone adds to a bare start.
  const empty = path.join(outDir, "empty.mjs");
  await writeFile(empty, "export {};\n");
  const emptyTimes: number[] = [];
  const bare: number[] = [];
  const times = new Map<string, number[]>(bundles.map((x) => [x.id, []]));
  wallMs(["-e", "0"]); // page cache
  for (let run = 0; run < RUNS; run++) {
    emptyTimes.push(wallMs(["--input-type=module", "-e", `await import("file://${empty}")`]));
    for (const x of bundles) {
      bare.push(wallMs(["-e", "0"]));
      times
        .get(x.id)
        ?.push(
          wallMs(
            ["--input-type=module", "-e", `await import(${JSON.stringify(`file://${x.outfile}`)})`],
            x.env,
          ),
        );
    }
  }
  const bareMs = median(bare);
  const out: Record<
    string,
    { kb: number; import_ms: number; import_ratio: number; top_inputs_kb: string[] }
  > = {};
  for (const x of bundles.sort((a, z) => z.kb - a.kb)) {
    const ms = median(times.get(x.id) ?? []);
    out[x.id] = {
      kb: x.kb,
      import_ms: Math.round(ms),
      import_ratio: Number((ms / bareMs).toFixed(2)),
      top_inputs_kb: x.top,
    };
    console.log(
      `${x.id.padEnd(28)} ${x.kb.toFixed(1).padStart(6)} kB  ${Math.round(ms)} ms  ${(ms / bareMs).toFixed(2)}x  ${x.top.join(", ")}`,
    );
  }
  const maxKb = Math.max(...Object.values(out).map((x) => x.kb));
  const maxRatio = Math.max(...Object.values(out).map((x) => x.import_ratio));
  console.log(
    `bare node -e 0 (${NODE_VERSION}): ${Math.round(bareMs)} ms (median of ${bare.length})`,
  );
  console.log(
    JSON.stringify({
      benchmark: "cold-start",
      node_version: NODE_VERSION,
      bare_node_ms: Math.round(bareMs),
      empty_esm_import_ratio: Number((median(emptyTimes) / bareMs).toFixed(2)),
      runs: RUNS,
      bundles: out,
      max_bundle_kb: maxKb,
      max_import_ratio: maxRatio,
      median_import_ratio: median(Object.values(out).map((x) => x.import_ratio)),
      over_target: Object.values(out).filter((x) => x.import_ratio > MAX_RATIO).length,
      not_built: broken,
      loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
      targets_met: broken.length === 0 && maxKb <= MAX_BUNDLE_KB && maxRatio <= MAX_RATIO,
    }),
  );
  process.exitCode = broken.length === 0 && maxKb <= MAX_BUNDLE_KB && maxRatio <= MAX_RATIO ? 0 : 1;
} finally {
  await rm(outDir, { recursive: true, force: true });
}
