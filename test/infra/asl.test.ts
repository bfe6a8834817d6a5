/**
 * Static check of the synthesized state machines with `asl-validator` (issue 11 part 6): the
 * ASL that CloudFormation would hand to Step Functions, with every intrinsic rendered as the
 * value AWS would put there, must pass the Amazon States Language schema, the JSONPath checks
 * and the transition checks.
 */
import { createRequire } from "node:module";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { allTemplates, resourcesOfType, synthProject } from "./synth.ts";

interface AslResult {
  isValid: boolean;
  errors: { message?: string }[];
  errorsText: (separator?: string) => string;
}
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => AslResult;

// asl-validator is CommonJS without type declarations.
const validateAsl = createRequire(import.meta.url)("asl-validator") as AslValidator;

const ACCOUNT = "123456789012";
const REGION = "ap-southeast-1";
const PSEUDO: Record<string, string> = {
  "AWS::Partition": "aws",
  "AWS::Region": REGION,
  "AWS::AccountId": ACCOUNT,
  "AWS::URLSuffix": "amazonaws.com",
};

/** The value an intrinsic of a definition would have on AWS, for a resource of `template`. */
function renderPart(template: Template, part: unknown): string {
  if (typeof part === "string") return part;
  const o = part as Record<string, unknown>;
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  if (typeof o.Ref === "string") {
    const pseudo = PSEUDO[o.Ref];
    if (pseudo) return pseudo;
    if (resources[o.Ref]) return `${o.Ref}-physical-name`;
  }
  const getAtt = o["Fn::GetAtt"];
  if (Array.isArray(getAtt) && getAtt[1] === "Arn") {
    const type = resources[String(getAtt[0])]?.Type;
    if (type === "AWS::Lambda::Function") {
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${String(getAtt[0])}`;
    }
  }
  throw new Error(`intrinsic not rendered for the ASL check: ${JSON.stringify(part)}`);
}

function definitions(template: Template): [string, unknown][] {
  return resourcesOfType(template, "AWS::StepFunctions::StateMachine").map(([id, sm]) => {
    const def = sm.Properties?.DefinitionString as string | { "Fn::Join": [string, unknown[]] };
    const text =
      typeof def === "string"
        ? def
        : def["Fn::Join"][1].map((p) => renderPart(template, p)).join(def["Fn::Join"][0]);
    return [id, JSON.parse(text)];
  });
}

let machines: [string, unknown][];

beforeAll(() => {
  const project = synthProject();
  machines = [...allTemplates(project).entries()].flatMap(([stack, template]) =>
    definitions(template).map(([id, asl]) => [`${stack}/${id}`, asl] as [string, unknown]),
  );
});

describe("GIVEN the synthesized state machines WHEN checked with asl-validator", () => {
  it("THEN there is at least the proposal lifecycle", () => {
    expect(machines.map(([id]) => id)).toEqual([expect.stringMatching(/ProposalLifecycle/)]);
  });

  it("THEN every definition is valid ASL, with ARN and path checks on", () => {
    for (const [id, asl] of machines) {
      const result = validateAsl(structuredClone(asl), { checkArn: true, checkPaths: true });
      expect(result.errorsText("\n"), id).toBe("");
      expect(result.isValid, id).toBe(true);
    }
  });

  it("THEN the check can fail: a transition to a missing state is refused", () => {
    const [, asl] = machines[0] ?? ["", {}];
    const broken = structuredClone(asl) as { StartAt: string; States: Record<string, unknown> };
    // A Task state (the start is a Choice, which has no Catch).
    const task = broken.States.OpenReview as Record<string, unknown>;
    broken.States.OpenReview = {
      ...task,
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "NoSuchState" }],
    };
    const result = validateAsl(broken, { checkArn: true, checkPaths: true });
    expect(result.isValid).toBe(false);
    expect(result.errorsText("\n")).toContain("NoSuchState");
  });
});
