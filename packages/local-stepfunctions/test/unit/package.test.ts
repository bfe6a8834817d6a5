import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The package stands on its own, so that it can be published: no import leaves the package
 * folder, and every package it imports is declared in its package.json (runtime code: in
 * `dependencies`; tests and the benchmark may also use `devDependencies`).
 */
const ROOT = resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  type: string;
  exports: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? "");
}

/** "@scope/name/sub" → "@scope/name"; "name/sub" → "name". */
const packageOf = (spec: string) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");
const builtin = (spec: string) =>
  spec.startsWith("node:") || builtinModules.includes(packageOf(spec));

const runtimeFiles = [...sources("src"), ...sources("bin")];
const devFiles = [...sources("test"), ...sources("bench")];

describe("package @project8/local-stepfunctions", () => {
  it("exports its entry point as an ES module", () => {
    expect(manifest).toMatchObject({
      name: "@project8/local-stepfunctions",
      type: "module",
      exports: { ".": "./src/index.ts" },
    });
    expect(existsSync(join(ROOT, "src/index.ts"))).toBe(true);
  });

  it("has sources to check (the scan is not vacuous)", () => {
    expect(runtimeFiles.length).toBeGreaterThan(20);
    expect(devFiles.length).toBeGreaterThan(8);
  });

  it("never imports a file outside the package", () => {
    const escaping: string[] = [];
    for (const file of [...runtimeFiles, ...devFiles]) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = resolve(ROOT, dirname(file), spec);
        const rel = relative(ROOT, target);
        if (rel.startsWith(`..${sep}`) || rel === "..") escaping.push(`${file}: ${spec}`);
        else if (!existsSync(target)) escaping.push(`${file}: ${spec} (missing)`);
      }
    }
    expect(escaping).toEqual([]);
  });

  it("runtime code imports only Node built-ins and its dependencies", () => {
    const deps = new Set(Object.keys(manifest.dependencies));
    const undeclared = runtimeFiles.flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith(".") && !builtin(spec) && !deps.has(packageOf(spec)))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(undeclared).toEqual([]);
  });

  it("tests and the benchmark import only declared packages", () => {
    const deps = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.devDependencies),
    ]);
    const undeclared = devFiles.flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith(".") && !builtin(spec) && !deps.has(packageOf(spec)))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(undeclared).toEqual([]);
  });
});
