import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import type { AppTemplates } from "./template/types.ts";

/**
 * The files the synthesis reads: the CDK app's own source files, found by esbuild from
 * infra/build-app.ts (packages stay external; their versions are in the lock file).
 */
async function synthInputs(projectRoot: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(projectRoot, "infra", "build-app.ts")],
    absWorkingDir: projectRoot,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return [
    ...Object.keys(result.metafile.inputs),
    "cdk.json",
    "package-lock.json",
    "local/synth.ts",
  ];
}

/** A hash of every input of the synthesis: equal hash, equal templates. */
export async function synthInputsHash(projectRoot: string): Promise<string> {
  const files = [...new Set(await synthInputs(projectRoot))].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(path.join(projectRoot, file)).catch(() => Buffer.alloc(0)));
  }
  return hash.digest("hex").slice(0, 20);
}

export interface TemplatesResult {
  templates: AppTemplates;
  ms: number;
  source: "synthesized" | "cache";
  /** The cached template file, which is exactly what this start-up read. */
  file: string;
}

/**
 * The app's synthesized templates. Synthesis (CDK, in-process) takes seconds, so its output is
 * kept in `cacheDir` under the hash of its inputs and reused while they are unchanged; the
 * cached file is the template the CDK app synthesized, not a second description of it.
 */
export async function loadTemplates(opts: {
  projectRoot: string;
  cacheDir: string;
  /** Synthesize even if a cached template exists. */
  force?: boolean;
}): Promise<TemplatesResult> {
  const started = performance.now();
  const key = await synthInputsHash(opts.projectRoot);
  const file = path.join(opts.cacheDir, `templates-${key}.json`);
  if (!opts.force) {
    try {
      const templates = JSON.parse(await readFile(file, "utf8")) as AppTemplates;
      return { templates, ms: Math.round(performance.now() - started), source: "cache", file };
    } catch {
      // not cached yet
    }
  }
  // aws-cdk-lib takes a second to import: only when synthesizing.
  const { synthesizeApp } = await import("./synth.ts");
  const { templates } = await synthesizeApp();
  await mkdir(opts.cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(templates));
  await rename(tmp, file);
  return {
    templates,
    ms: Math.round(performance.now() - started),
    source: "synthesized",
    file,
  };
}
