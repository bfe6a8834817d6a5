import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { TRIGGER_FUNCTIONS } from "../../shared/contract/index.ts";
import { type CfnResource, resourcesOfType, synthProject } from "./synth.ts";

/**
 * MFA for the privileged groups: the user pool stays OPTIONAL (TOTP only) and invokes a
 * pre-token-generation trigger, V2, whose only permission beyond its log group is
 * cognito-idp:AdminGetUser on this pool.
 */
let data: Template;
let fnId = "";
let fn: CfnResource;

const row = TRIGGER_FUNCTIONS.preTokenGeneration;

beforeAll(() => {
  data = synthProject().dataTemplate;
  const found = resourcesOfType(data, "AWS::Lambda::Function").filter(
    ([, f]) => f.Metadata?.["project:entry"] === row.entry,
  );
  expect(found).toHaveLength(1);
  [fnId, fn] = found[0] as [string, CfnResource];
});

const poolId = () => {
  const pools = resourcesOfType(data, "AWS::Cognito::UserPool");
  expect(pools).toHaveLength(1);
  return pools[0]?.[0] ?? "";
};

const statementsOf = (roleId: string) =>
  [...resourcesOfType(data, "AWS::IAM::Policy")].flatMap(([, p]) => {
    const roles = (p.Properties?.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((r) => r.Ref === roleId)) return [];
    const doc = p.Properties?.PolicyDocument as
      | { Statement?: Record<string, unknown>[] }
      | undefined;
    return doc?.Statement ?? [];
  });

describe("GIVEN the data stack WHEN synthesized", () => {
  it("THEN the user pool keeps MFA optional with TOTP only, and calls the trigger as V2 pre token generation", () => {
    const pool = resourcesOfType(data, "AWS::Cognito::UserPool")[0]?.[1].Properties ?? {};
    expect(pool.MfaConfiguration).toBe("OPTIONAL");
    expect(pool.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(pool.LambdaConfig).toEqual({
      PreTokenGenerationConfig: {
        LambdaArn: { "Fn::GetAtt": [fnId, "Arn"] },
        LambdaVersion: "V2_0",
      },
    });
  });

  it("THEN only the user pool may invoke the trigger", () => {
    const perms = resourcesOfType(data, "AWS::Lambda::Permission").filter(([, p]) =>
      JSON.stringify(p.Properties?.FunctionName).includes(fnId),
    );
    expect(perms).toHaveLength(1);
    expect(perms[0]?.[1].Properties).toMatchObject({
      Action: "lambda:InvokeFunction",
      Principal: "cognito-idp.amazonaws.com",
      SourceArn: { "Fn::GetAtt": [poolId(), "Arn"] },
    });
  });

  it("THEN the trigger's role may read users of this pool (AdminGetUser) and nothing else of Cognito or data", () => {
    const role = fn.Properties?.Role as { "Fn::GetAtt"?: [string, string] } | undefined;
    const roleId = role?.["Fn::GetAtt"]?.[0] ?? "";
    expect(roleId).not.toBe("");
    const statements = statementsOf(roleId);
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((a) => a.startsWith("cognito-idp:"))).toEqual([
      "cognito-idp:AdminGetUser",
    ]);
    expect(statements.find((s) => s.Action === "cognito-idp:AdminGetUser")).toMatchObject({
      Effect: "Allow",
      Resource: { "Fn::GetAtt": [poolId(), "Arn"] },
    });
    // Its log group and X-Ray, nothing of the tables, keys, mail or the state machine.
    for (const a of actions) expect(a).toMatch(/^(cognito-idp:AdminGetUser|logs:|xray:)/);
  });

  it("THEN the trigger has no pool, client or base URL in its environment (no cycle), and Powertools' service", () => {
    const env =
      (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables ?? {};
    expect(env.USER_POOL_ID).toBeUndefined();
    expect(env.USER_POOL_CLIENT_ID).toBeUndefined();
    expect(env.APP_BASE_URL).toBeUndefined();
    expect(env.POWERTOOLS_SERVICE_NAME).toBe("project8");
    expect(fn.Properties?.Timeout).toBe(row.timeoutSeconds);
  });

  it("THEN its errors and throttles alarm on the alarm topic", () => {
    const alarms = resourcesOfType(data, "AWS::CloudWatch::Alarm").filter(([id]) =>
      id.startsWith(`${row.id}ErrorsOrThrottles`),
    );
    expect(alarms).toHaveLength(1);
    expect(JSON.stringify(alarms[0]?.[1].Properties?.AlarmActions)).toMatch(/AlarmTopic/);
  });
});
