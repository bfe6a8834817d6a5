import { App, CfnResource, Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import {
  assertWithinResourceBudget,
  CLOUDFORMATION_RESOURCE_LIMIT,
  resourceCount,
  STACK_RESOURCE_BUDGET,
} from "../../infra/stack-limits.ts";
import { ROUTE_GROUPS, ROUTES } from "../../shared/contract/index.ts";
import { synthProject } from "./synth.ts";

describe("GIVEN the synthesized app WHEN its stacks are counted", () => {
  const project = synthProject();
  const stacks = [project.data, project.api, ...project.routes, project.stage];

  it("THEN every stack stays within the budget, under CloudFormation's 500 resources", () => {
    for (const stack of stacks) {
      const count = Object.keys(
        (project.statelessTemplates.get(stack.stackName)?.toJSON() ?? project.dataTemplate.toJSON())
          .Resources ?? {},
      ).length;
      expect(count, stack.stackName).toBe(resourceCount(stack));
      expect(count, stack.stackName).toBeLessThanOrEqual(STACK_RESOURCE_BUDGET);
    }
    expect(STACK_RESOURCE_BUDGET).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
  });

  it("THEN each route group has its own stack, and every route is in exactly one", () => {
    expect(project.routes.map((s) => s.stackName)).toEqual(
      Object.keys(ROUTE_GROUPS).map((g) => `Project8Routes${g}`),
    );
    const deployed = project.routes.flatMap((s) => [...s.functions.keys()]);
    expect(deployed.sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });
});

describe("GIVEN a stack over the budget WHEN checked", () => {
  it("THEN synthesis fails naming the stack and the way out", () => {
    const stack = new Stack(new App(), "Crowded");
    for (let i = 0; i <= STACK_RESOURCE_BUDGET; i++) {
      new CfnResource(stack, `R${i}`, { type: "AWS::SNS::Topic" });
    }
    expect(() => assertWithinResourceBudget([stack])).toThrow(
      /Crowded has 451 resources.*route group/,
    );
  });
});
