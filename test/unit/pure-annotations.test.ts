/**
 * Route contracts, lazy schemas and their metadata are declared at module level, many to a
 * module; a function uses one route of its capability. The bundler drops the others only when
 * the declaring call is marked `/* @__PURE__ *\/` (defineRoute, lazy and meta have no effect a
 * function that does not use the result could observe: the registry's entries are read only
 * through the schemas themselves). Each unmarked declaration would put its route, its schemas
 * and their top-level code into every bundle of the capability (cold start).
 */

import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../infra/constructs/bundling.ts";

const DECLARING = new Set(["defineRoute", "lazy", "meta"]);

function unmarked(file: string, src = readFileSync(`${PROJECT_ROOT}${file}`, "utf8")): string[] {
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      let init = d.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) {
        init = init.expression;
      }
      if (
        init &&
        ts.isCallExpression(init) &&
        ts.isIdentifier(init.expression) &&
        DECLARING.has(init.expression.text) &&
        !src.slice(init.getFullStart(), init.getStart(sf)).includes("@__PURE__")
      ) {
        const line = sf.getLineAndCharacterOfPosition(init.getStart(sf)).line + 1;
        out.push(`${file}:${line} ${d.name.getText(sf)} = ${init.expression.text}(...)`);
      }
    }
  }
  return out;
}

describe("GIVEN the modules that declare routes and schemas", () => {
  const files = execSync("git ls-files 'shared/**/*.ts' 'functions/**/*.ts'", {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  })
    .trim()
    .split("\n");

  it("THEN every module-level defineRoute, lazy and meta call is marked pure", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => unmarked(f))).toEqual([]);
  });

  it("THEN the check names an unmarked declaration and accepts a marked one", () => {
    const src = [
      "export const A = defineRoute({ id: 'A' });",
      "export const B = /* @__PURE__ */ lazy(() => z.string());",
      "const C = meta(B, { id: 'C' }) as typeof B;",
      "function f() { const inner = lazy(() => z.string()); return inner; }",
    ].join("\n");
    expect(unmarked("x.ts", src)).toEqual(["x.ts:1 A = defineRoute(...)", "x.ts:3 C = meta(...)"]);
  });
});
