/**
 * Runs the five benchmarks one after the other, each in its own process (each is also
 * runnable alone), and ends with their five JSON lines:
 *   1. lifecycle throughput (scripts/bench-lifecycle.ts)
 *   2. cold start (scripts/bench-cold-start.ts)
 *   3. audit query scaling (scripts/bench-audit.ts)
 *   4. cost per lifecycle (scripts/bench-cost.ts, priced from 1's counts)
 *   5. the durable Step Functions runtime against its storage (scripts/bench-durable.ts)
 *
 *   npm run bench
 *   BENCH_N=200 AUDIT_BENCH_EVENTS=100000 npm run bench     # a shorter run
 *
 * Exits 1 when any benchmark misses its target (the figures are printed anyway).
 */
import { spawn } from "node:child_process";

const SCRIPTS = [
  "scripts/bench-lifecycle.ts",
  "scripts/bench-cold-start.ts",
  "scripts/bench-audit.ts",
  "scripts/bench-cost.ts",
  "scripts/bench-durable.ts",
];

function run(script: string): Promise<{ code: number; last: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on("exit", (code) => {
      const last =
        out
          .trim()
          .split("\n")
          .reverse()
          .find((l) => l.startsWith("{")) ?? "{}";
      resolve({ code: code ?? 1, last });
    });
  });
}

const lines: string[] = [];
let failed = 0;
for (const script of SCRIPTS) {
  console.log(`\n=== ${script}`);
  const r = await run(script);
  if (r.code !== 0) failed++;
  lines.push(r.last);
}
console.log("\n=== figures");
for (const l of lines) console.log(l);
process.exitCode = failed > 0 ? 1 : 0;
