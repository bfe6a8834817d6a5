import { Duration } from "aws-cdk-lib";
import { LambdaVersion, type UserPool, UserPoolOperation } from "aws-cdk-lib/aws-cognito";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { TRIGGER_FUNCTIONS } from "../../shared/contract/functions.ts";
import { applyGrants, type GrantResources } from "./apply-grants.ts";
import { functionAlarm } from "./function-alarm.ts";
import { ProjectFunction } from "./project-function.ts";

/**
 * MFA for the privileged groups (shared/access/domain/mfa.ts): the user pool's
 * pre-token-generation trigger, V2 (the Essentials plan), which writes the MFA claim into the
 * ID token. Its one grant is cognito-idp:AdminGetUser on this pool (contract grant `userMfa`);
 * its alarm goes to the alarm topic like every function's.
 */
export function addMfaClaimTrigger(
  scope: Construct,
  pool: UserPool,
  resources: Omit<GrantResources, "userPool">,
  alarmTopic: ITopic,
): ProjectFunction {
  const row = TRIGGER_FUNCTIONS.preTokenGeneration;
  const fn = new ProjectFunction(scope, row.id, {
    entry: row.entry,
    timeout: Duration.seconds(row.timeoutSeconds),
  });
  applyGrants(fn, row.grants, { ...resources, userPool: pool });
  pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, LambdaVersion.V2_0);
  functionAlarm(scope, row.id, fn, alarmTopic);
  return fn;
}
