import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../infra/constructs/bundling.ts";
import { type BuiltBundles, loadBundles } from "../../local/lambda/bundles.ts";
import { ROUTES, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";

/**
 * The bundles the local stack runs (local/lambda/bundles.ts) are the deployed ones
 * (HANDLER_BUNDLING), laid out as deployment packages and cached; none carries local-only
 * machinery (fault injection, usage counters, the gateways, the runtime bootstrap all live in
 * local/; test/heavy/bundles.test.ts checks every forbidden folder).
 */
const entries = [
  ...new Set(
    [...ROUTES, ...Object.values(WORKFLOW_FUNCTIONS), ...Object.values(SCHEDULED_FUNCTIONS)].map(
      (r) => r.entry,
    ),
  ),
];
let cacheDir = "";
let built: BuiltBundles;

beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), "p8-bundles-"));
  built = await loadBundles({ projectRoot: PROJECT_ROOT, cacheDir, entries });
}, 120_000);

afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe("GIVEN every function's bundle, built as deployed", () => {
  it("THEN each entry has one, laid out as its deployment package (<entry>/index.mjs)", () => {
    expect(built.source).toBe("built");
    expect([...built.entries.keys()].sort()).toEqual([...entries].sort());
    for (const [entry, b] of built.entries) {
      expect(b.file).toBe(path.join(built.dir, entry.replace(/\.ts$/, ""), "index.mjs"));
      expect(existsSync(b.file)).toBe(true);
    }
    expect(existsSync(built.bootstrap)).toBe(true);
  });

  it("THEN no bundle contains a module from local/ (faults, usage counters, gateways, bootstrap)", () => {
    const offenders = [...built.entries].flatMap(([entry, b]) =>
      [...b.inputs].filter((f) => f.startsWith("local/")).map((f) => `${entry}: ${f}`),
    );
    expect(offenders).toEqual([]);
    for (const [entry, b] of built.entries) {
      expect(b.inputs.has(entry), entry).toBe(true);
      expect([...b.inputs].some((f) => /faults|local-usage/.test(f))).toBe(false);
    }
  });

  it("WHEN nothing changed THEN the next start reads them from the cache", async () => {
    const again = await loadBundles({ projectRoot: PROJECT_ROOT, cacheDir, entries });
    expect(again.source).toBe("cache");
    expect(again.dir).toBe(built.dir);
  });
});
