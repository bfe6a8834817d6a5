/**
 * Bundles every handler named in shared/contract/ with exactly ProjectFunction's esbuild
 * options and reports the minified size of each. Exits 1 when a bundle is over the limit or
 * statically imports a module that only exists on the local stack (it would fail at cold start).
 *
 *   npm run bundles
 *
 * The last line of output is one JSON object: { "bundles": { id: kB }, "max_bundle_kb": n }.
 */
import { builtinModules } from "node:module";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { handlerBuildOptions, MAX_BUNDLE_KB, PROJECT_ROOT } from "../infra/constructs/bundling.ts";
import {
  ROUTES,
  SCHEDULED_FUNCTIONS,
  TRIGGER_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
} from "../shared/contract/index.ts";

interface BundleResult {
  id: string;
  entry: string;
  bytes: number;
  /** esbuild's first error when the handler does not build. */
  error?: string;
  /** Local-only modules imported statically (not through `import()`). */
  staticLocalOnly: string[];
  /** Bytes in the output per package (or project folder), largest first. */
  largest: [string, number][];
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

async function bundle(id: string, entry: string): Promise<BundleResult> {
  try {
    return await bundleOrThrow(id, entry);
  } catch (e) {
    const first = (e as { errors?: { text: string }[] }).errors?.[0]?.text;
    return { id, entry, bytes: 0, staticLocalOnly: [], largest: [], error: first ?? String(e) };
  }
}

async function bundleOrThrow(id: string, entry: string): Promise<BundleResult> {
  const result = await build({
    ...handlerBuildOptions(entry),
    outfile: path.join(PROJECT_ROOT, "cdk.out", "bundle-report", id, "index.mjs"),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // The source map is written next to the bundle; the limit is on the code that is loaded.
  const output = result.outputFiles.find((f) => f.path.endsWith(".mjs"));
  if (!output) throw new Error(`${id}: esbuild produced no output`);
  return {
    id,
    entry,
    bytes: output.contents.byteLength,
    staticLocalOnly: staticLocalOnly(result.metafile),
    largest: largestInputs(result.metafile),
  };
}

function largestInputs(metafile: Metafile): [string, number][] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
      const key = pkg ?? file.split("/").slice(0, 2).join("/");
      sizes.set(key, (sizes.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return [...sizes].sort((a, z) => z[1] - a[1]);
}

function staticLocalOnly(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (imp.external && imp.kind === "import-statement" && !builtins.has(imp.path))
        found.add(imp.path);
    }
  }
  return [...found];
}

const kb = (bytes: number) => Math.round(bytes / 100) / 10;

async function main(): Promise<number> {
  const rows = [
    ...ROUTES,
    ...Object.values(WORKFLOW_FUNCTIONS),
    ...Object.values(SCHEDULED_FUNCTIONS),
    ...Object.values(TRIGGER_FUNCTIONS),
  ];
  const results = await Promise.all(rows.map((r) => bundle(r.id, r.entry)));
  results.sort((a, z) => z.bytes - a.bytes);

  const idWidth = Math.max(...results.map((r) => r.id.length));
  console.log(`${"function".padEnd(idWidth)}  ${"kB".padStart(7)}  entry`);
  for (const r of results) {
    const flag = r.error ? "  BUILD FAILED" : kb(r.bytes) > MAX_BUNDLE_KB ? "  OVER LIMIT" : "";
    console.log(
      `${r.id.padEnd(idWidth)}  ${kb(r.bytes).toFixed(1).padStart(7)}  ${r.entry}${flag}`,
    );
  }
  const problems = [
    ...results.filter((r) => r.error).map((r) => `${r.id} does not build: ${r.error}`),
    ...results
      .filter((r) => kb(r.bytes) > MAX_BUNDLE_KB)
      .map((r) => {
        const top = r.largest.slice(0, 3).map(([name, bytes]) => `${name} ${kb(bytes)} kB`);
        return `${r.id} is ${kb(r.bytes)} kB (limit ${MAX_BUNDLE_KB} kB); largest: ${top.join(", ")}`;
      }),
    ...results
      .filter((r) => r.staticLocalOnly.length > 0)
      .map(
        (r) =>
          `${r.id} statically imports local-only ${r.staticLocalOnly.join(", ")}: use a dynamic import()`,
      ),
  ];
  for (const p of problems) console.error(`bundle-report: ${p}`);
  const bundles = Object.fromEntries(
    results.filter((r) => !r.error).map((r) => [r.id, kb(r.bytes)]),
  );
  console.log(JSON.stringify({ bundles, max_bundle_kb: Math.max(0, ...Object.values(bundles)) }));
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = await main();
