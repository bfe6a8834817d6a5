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

/**
 * What inside a marked declaration's arguments makes esbuild keep it anyway: a spread, a
 * property read, an operator (arithmetic, `+`), a template substitution, or an unmarked call
 * (function bodies are not evaluated at import and do not count). Returns one line per finding.
 */
function computing(file: string, src = readFileSync(`${PROJECT_ROOT}${file}`, "utf8")): string[] {
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true);
  const marked = (n: ts.Node) => src.slice(n.getFullStart(), n.getStart(sf)).includes("@__PURE__");
  const out: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      const init = d.initializer;
      if (!init || !ts.isCallExpression(init) || !marked(init)) continue;
      const visit = (n: ts.Node): void => {
        if (ts.isFunctionLike(n)) return;
        const computes =
          ts.isSpreadAssignment(n) ||
          ts.isSpreadElement(n) ||
          ts.isPropertyAccessExpression(n) ||
          ts.isElementAccessExpression(n) ||
          ts.isBinaryExpression(n) ||
          ts.isTemplateExpression(n) ||
          (ts.isPrefixUnaryExpression(n) && n.operator !== ts.SyntaxKind.MinusToken) ||
          (ts.isCallExpression(n) && !marked(n));
        if (computes) {
          const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
          out.push(`${file}:${line} ${d.name.getText(sf)}: ${n.getText(sf).slice(0, 40)}`);
          return;
        }
        ts.forEachChild(n, visit);
      };
      for (const a of init.arguments) visit(a);
    }
  }
  return out;
}

/** The modules bundled into functions. */
const files = execSync("git ls-files 'shared/**/*.ts' 'functions/**/*.ts'", {
  cwd: PROJECT_ROOT,
  encoding: "utf8",
})
  .trim()
  .split("\n");

describe("GIVEN the modules that declare routes and schemas", () => {
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

  it("THEN no marked declaration computes in its arguments (the bundler would keep it)", () => {
    expect(files.flatMap((f) => computing(f))).toEqual([]);
  });

  it("THEN the check names what computes and accepts literals, names and marked calls", () => {
    const src = [
      "const A = /* @__PURE__ */ defineRoute({ max: 64 * 1024, n: -1 });",
      "const B = /* @__PURE__ */ defineRoute({ q: { ...langDoc }, p: docs.period });",
      "const C = /* @__PURE__ */ meta(lazy(() => z.string()), { id: 'C' });",
      "const D = /* @__PURE__ */ meta(/* @__PURE__ */ lazy(() => z.string().check(x + 1)), { id: `D` });",
      `const E = /* @__PURE__ */ defineRoute({ doc: \`at most \${MAX} bytes\`, body: D, max: 65_536 });`,
    ].join("\n");
    expect(computing("x.ts", src)).toEqual([
      "x.ts:1 A: 64 * 1024",
      "x.ts:2 B: ...langDoc",
      "x.ts:2 B: docs.period",
      "x.ts:3 C: lazy(() => z.string())",
      `x.ts:5 E: \`at most \${MAX} bytes\``,
    ]);
  });
});

describe("GIVEN the modules bundled into functions", () => {
  it("THEN none imports node:crypto as an ES module (its namespace loads WebCrypto at import): they use shared/kernel/node-crypto.ts", () => {
    const importing = files.filter((f) =>
      /^import\s+(?!type\b)[^;]*from\s+"(node:)?crypto";/m.test(
        readFileSync(`${PROJECT_ROOT}${f}`, "utf8"),
      ),
    );
    expect(importing).toEqual([]);
  });
});
