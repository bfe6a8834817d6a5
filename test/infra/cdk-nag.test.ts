import { readFileSync } from "node:fs";
import path from "node:path";
import { Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { applyNagChecks } from "../../infra/build-app.ts";
import { type SynthesizedProject, synthProject } from "./synth.ts";

interface ReportViolation {
  ruleName: string;
  description: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: ReportViolation[] }[];
}

let project: SynthesizedProject;
let report: ValidationReport;

beforeAll(() => {
  // cdk-nag v3 is a policy validation plugin: synthesis throws on an unacknowledged error.
  // The same checks infra/app.ts applies to every `cdk synth`.
  project = synthProject(applyNagChecks);
  const outdir = project.app.outdir;
  report = JSON.parse(readFileSync(path.join(outdir, "validation-report.json"), "utf8"));
});

describe("GIVEN the AwsSolutions pack WHEN both stacks are synthesized", () => {
  it("THEN no finding is left unacknowledged", () => {
    const open = report.pluginReports.flatMap((r) =>
      r.violations.map(
        (v) =>
          `${v.severity} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(", ")}`,
      ),
    );
    expect(open).toEqual([]);
  });

  it("THEN every acknowledgement states a reason", () => {
    const acknowledged: { path: string; id: string; reason: unknown }[] = [];
    for (const c of project.app.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
          acknowledged.push({ path: c.node.path, id, reason });
        }
      }
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      expect(typeof a.reason === "string" && a.reason.length >= 20, `${a.id} at ${a.path}`).toBe(
        true,
      );
    }
  });

  it("THEN neither stack carries error or warning annotations", () => {
    for (const stack of [project.data, project.api]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError("*", Match.anyValue()), stack.stackName).toEqual([]);
      expect(annotations.findWarning("*", Match.anyValue()), stack.stackName).toEqual([]);
    }
  });
});
