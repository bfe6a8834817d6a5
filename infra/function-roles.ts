import { Aws } from "aws-cdk-lib";

/**
 * How the stateful stack names the roles of the stateless stack's functions without a
 * reference to them.
 *
 * Key policies live with the keys in `Project8Data`; the function roles live in `Project8App`,
 * which depends on `Project8Data` (it imports tables, keys and the user pool). A key policy
 * that referenced a role would make the dependency run both ways, a cycle; and a key policy
 * may not name a principal that does not exist yet (KMS resolves principal ARNs when the
 * policy is put), while `Project8Data` deploys before any role exists.
 *
 * So every function role gets an IAM path of its own, `/<stack name>/<function id>/`, and the
 * key policies allow the account principal only with an `ArnLike` condition on
 * `aws:PrincipalArn` = `arn:<partition>:iam::<account>:role/<stack name>/<function id>/*`.
 * `aws:PrincipalArn` of a Lambda's session is its role's ARN, path included. The condition
 * is a string, so it can name a role that does not exist yet, and it keeps matching a role
 * that is replaced (a principal named directly would turn into a stale unique id). Because
 * the principal is the account, the role's own IAM policy must allow the action as well:
 * both the key policy and the identity policy have to agree.
 */
/**
 * The first segment of every function role's path. Functions live in several stacks (the app
 * stack and one stack per route group, CloudFormation's 500-resource limit), but their roles
 * share one namespace so that the key policies can name them without knowing which stack
 * holds which function.
 */
export const FUNCTION_ROLE_NAMESPACE = "Project8App";

export function functionRolePath(stackName: string, functionId: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(stackName) || !/^[A-Za-z][A-Za-z0-9]*$/.test(functionId)) {
    throw new Error(`cannot build a role path from stack "${stackName}" and id "${functionId}"`);
  }
  return `/${stackName}/${functionId}/`;
}

/** The `aws:PrincipalArn` pattern that matches exactly the role of one function. */
export function functionRoleArnPattern(stackName: string, functionId: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${functionRolePath(stackName, functionId)}*`;
}
