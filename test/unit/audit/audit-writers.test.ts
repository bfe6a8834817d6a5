import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every write to the AuditTable in the code is a Put conditioned on `attribute_not_exists(pk)`:
 * an event, once written, is never replaced by the application. (IAM cannot say so: PutItem is
 * the permission to create and to replace alike; see docs/audit.md.) Reads (Query, Get, Scan)
 * are fine; an Update, Delete or BatchWrite on the table is a finding.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

const AUDIT_TABLE = /TableName:\s*config\.auditTableName/g;

describe("GIVEN every module that names the AuditTable", () => {
  const files = ["shared", "functions"].flatMap((d) => sources(path.join(ROOT, d)));
  const uses = files.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(AUDIT_TABLE)].map((m) => ({
      where: `${path.relative(ROOT, file)}:${text.slice(0, m.index).split("\n").length}`,
      before: text.slice(Math.max(0, (m.index ?? 0) - 120), m.index),
      after: text.slice(m.index, (m.index ?? 0) + 400),
    }));
  });

  it("THEN the scan finds the writers (it can fail)", () => {
    expect(uses.filter((u) => /Put:\s*\{\s*$/.test(u.before)).length).toBeGreaterThanOrEqual(1);
  });

  it("THEN each write is a Put that cannot overwrite, and nothing updates or deletes", () => {
    const findings: string[] = [];
    for (const u of uses) {
      const kind =
        /(Put|Update|Delete|ConditionCheck):\s*\{\s*$/.exec(u.before)?.[1] ??
        /new (\w+)Command\(\{\s*$/.exec(u.before)?.[1];
      if (kind === "Query" || kind === "Get" || kind === "Scan" || kind === "ConditionCheck")
        continue;
      if (kind === undefined) {
        // A query input built in a function (dynamo-audit-store's baseInput): reads only.
        if (/KeyConditionExpression/.test(u.after)) continue;
        findings.push(`${u.where}: an AuditTable use this test cannot classify`);
        continue;
      }
      if (kind !== "Put") {
        findings.push(`${u.where}: ${kind} on the AuditTable`);
        continue;
      }
      const object = u.after.slice(0, u.after.indexOf("}"));
      if (!/ConditionExpression:\s*"attribute_not_exists\(pk\)"/.test(object)) {
        findings.push(`${u.where}: a Put without ConditionExpression "attribute_not_exists(pk)"`);
      }
    }
    expect(findings).toEqual([]);
  });
});
