/**
 * Maps a Lambda stack trace to source files and lines. Functions run without
 * --enable-source-maps (it parses the map at every cold start, infra/constructs/project-function.ts),
 * so their traces name positions in the minified bundle (`file:///var/task/index.mjs:1:23456`).
 * This rebuilds the function's bundle exactly as deployed (same esbuild options, same input,
 * same output) and reads each position back through its source map.
 *
 *   npm run stack-trace -- GetTask < trace.txt
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { handlerBuildOptions, PROJECT_ROOT } from "../infra/constructs/bundling.ts";
import {
  ROUTES,
  SCHEDULED_FUNCTIONS,
  TRIGGER_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
} from "../shared/contract/index.ts";

const id = process.argv[2];
const fn = [
  ...ROUTES,
  ...Object.values(WORKFLOW_FUNCTIONS),
  ...Object.values(SCHEDULED_FUNCTIONS),
  ...Object.values(TRIGGER_FUNCTIONS),
].find((f) => f.id === id);
if (!fn) {
  console.error(
    `usage: npm run stack-trace -- <function id> < trace.txt (unknown id: ${id ?? "none"})`,
  );
  process.exit(2);
}
const dir = await mkdtemp(path.join(tmpdir(), "p8-trace-"));
try {
  const outfile = path.join(dir, "index.mjs");
  await build({ ...handlerBuildOptions(fn.entry), outfile, write: true, logLevel: "silent" });
  const map = new SourceMap(JSON.parse(await readFile(`${outfile}.map`, "utf8")));
  const trace = readFileSync(0, "utf8");
  const mapped = trace.replace(
    /(?:file:\/\/\/var\/task\/)?index\.mjs:(\d+):(\d+)/g,
    (whole, line: string, col: string) => {
      const e = map.findEntry(Number(line) - 1, Number(col) - 1);
      if (!("originalSource" in e) || !e.originalSource) return whole;
      const file = path.relative(
        PROJECT_ROOT,
        new URL(e.originalSource, `file://${outfile}`).pathname,
      );
      return `${file}:${e.originalLine + 1}:${e.originalColumn + 1}`;
    },
  );
  process.stdout.write(mapped);
} finally {
  await rm(dir, { recursive: true, force: true });
}
