/**
 * Source maps (issue 16 part 8): every bundle ships a linked map without the sources' text and
 * runs with --enable-source-maps, and the size limit applies to the code, not to the map.
 */
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  HANDLER_BUNDLING,
  handlerBuildOptions,
  MAX_BUNDLE_KB,
  PROJECT_ROOT,
} from "../../infra/constructs/bundling.ts";
import { ROUTES } from "../../shared/contract/index.ts";

/** The route's handler bundled as deployed, in memory. */
async function bundleOf(id: string) {
  const route = ROUTES.find((r) => r.id === id);
  if (!route) throw new Error(`${id} missing from routes.ts`);
  return build({
    ...handlerBuildOptions(route.entry),
    outfile: path.join(PROJECT_ROOT, "cdk.out", "bundling-test", "index.mjs"),
    write: false,
    logLevel: "silent",
  });
}

describe("GIVEN a handler bundled with the deployed options", () => {
  it("THEN the bundle links a source map that names source files but carries no source text", async () => {
    const result = await bundleOf("GetProposal");
    const code = result.outputFiles.find((f) => f.path.endsWith("index.mjs"));
    const map = result.outputFiles.find((f) => f.path.endsWith("index.mjs.map"));
    expect(code).toBeDefined();
    expect(map).toBeDefined();
    expect(code?.text.trimEnd().endsWith("//# sourceMappingURL=index.mjs.map")).toBe(true);
    const parsed = JSON.parse(map?.text ?? "{}") as { sources: string[]; sourcesContent?: unknown };
    expect(parsed.sourcesContent).toBeUndefined();
    expect(parsed.sources.some((s) => s.includes("functions/api/get-proposal.ts"))).toBe(true);
    expect((code?.contents.byteLength ?? 0) / 1000).toBeLessThan(MAX_BUNDLE_KB);
  });

  it("THEN the deployed bundling options ask for the map the runtime reads", () => {
    expect(HANDLER_BUNDLING).toMatchObject({ sourcemap: true, sourcesContent: false });
  });
});

describe("GIVEN a capability whose routes module declares several routes", () => {
  it("THEN a function's bundle carries its own route and none of the others (route declarations are marked pure)", async () => {
    const result = await bundleOf("ListUnits");
    const code = result.outputFiles.find((f) => f.path.endsWith("index.mjs"))?.text ?? "";
    // Contents checked with includes(): a failure should not print a whole bundle.
    expect(code.includes("Units of your province (communes and reviewing units)")).toBe(true);
    // Other routes of shared/directory/routes.ts.
    expect(code.includes("Set which unit reviews a commune")).toBe(false);
    expect(code.includes("Create a user: the directory entry")).toBe(false);
  });
});
