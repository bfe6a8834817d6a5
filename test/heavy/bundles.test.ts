/**
 * What a deployed bundle may contain: read from esbuild's metafile of every function, built
 * with exactly the deployed options. Lambda code never reaches infra/, local/, the local
 * Step Functions package, tests or scripts; local-only machinery is never in a bundle.
 */
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { handlerBuildOptions, MAX_BUNDLE_KB } from "../../infra/constructs/bundling.ts";
import {
  ROUTES,
  SCHEDULED_FUNCTIONS,
  TRIGGER_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
} from "../../shared/contract/index.ts";

const FUNCTIONS = [
  ...ROUTES,
  ...Object.values(WORKFLOW_FUNCTIONS),
  ...Object.values(SCHEDULED_FUNCTIONS),
  ...Object.values(TRIGGER_FUNCTIONS),
];

/** Source folders no deployed bundle may include (paths in the metafile are repo-relative). */
const FORBIDDEN = [/^infra\//, /^local\//, /^packages\//, /^test\//, /^scripts\//];
const FORBIDDEN_PACKAGES = [/node_modules\/@project8\//, /node_modules\/aws-cdk-lib\//];

interface Built {
  id: string;
  inputs: string[];
  bytes: number;
}

let built: Built[] = [];

async function bundle(id: string, entry: string): Promise<Built> {
  const res = await build({
    ...handlerBuildOptions(entry),
    outfile: `/tmp/p8-bundles-test/${id}/index.mjs`,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const meta: Metafile = res.metafile;
  return {
    id,
    inputs: Object.keys(meta.inputs),
    // The bundle itself, not the source map written next to it.
    bytes: res.outputFiles.find((f) => f.path.endsWith(".mjs"))?.contents.byteLength ?? 0,
  };
}

beforeAll(async () => {
  built = await Promise.all(FUNCTIONS.map((f) => bundle(f.id, f.entry)));
}, 600_000);

describe("GIVEN every function bundled with the deployed options", () => {
  it("THEN no bundle contains a module of infra/, local/, packages/, test/ or scripts/", () => {
    const offending = built.flatMap((b) =>
      b.inputs.filter((i) => FORBIDDEN.some((re) => re.test(i))).map((i) => `${b.id}: ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it("THEN no bundle contains the CDK or the local Step Functions runtime", () => {
    const offending = built.flatMap((b) =>
      b.inputs
        .filter((i) => FORBIDDEN_PACKAGES.some((re) => re.test(i)))
        .map((i) => `${b.id}: ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it(`THEN every bundle is at most ${MAX_BUNDLE_KB} kB`, () => {
    const over = built.filter((b) => b.bytes > MAX_BUNDLE_KB * 1000).map((b) => b.id);
    expect(over).toEqual([]);
  });

  it("THEN the check sees the handlers' own code (it cannot pass on empty metafiles)", () => {
    expect(built).toHaveLength(FUNCTIONS.length);
    for (const b of built) expect(b.inputs.some((i) => i.startsWith("shared/"))).toBe(true);
  });
});
