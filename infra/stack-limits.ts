import { CfnResource, type Stack } from "aws-cdk-lib";

/** CloudFormation refuses a template of more than 500 resources. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;
/** Synthesis fails from here, leaving room for a few more routes in a group. */
export const STACK_RESOURCE_BUDGET = 450;

/** The number of CloudFormation resources `stack` itself will hold (not its nested stacks). */
export function resourceCount(stack: Stack): number {
  return stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && c.stack === stack)
    .length;
}

/**
 * Throws, naming the stack, when a stack is over its budget: a deploy would fail at 500, and
 * the way out (a new route group in shared/contract/routes.ts) is better taken at synthesis.
 */
export function assertWithinResourceBudget(stacks: readonly Stack[]): void {
  for (const stack of stacks) {
    const count = resourceCount(stack);
    if (count > STACK_RESOURCE_BUDGET) {
      throw new Error(
        `stack ${stack.stackName} has ${count} resources, over the budget of ${STACK_RESOURCE_BUDGET} (CloudFormation's limit is ${CLOUDFORMATION_RESOURCE_LIMIT}): split its route group in shared/contract/routes.ts`,
      );
    }
  }
}
