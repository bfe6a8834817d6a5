import { describe, expect, it } from "vitest";
import { evaluate } from "../../local/iam/evaluate.ts";
import { PolicyError } from "../../local/iam/policy.ts";
import { requireEvaluable, rolesOf } from "../../local/iam/roles.ts";
import { loadApp } from "../../local/template/accessors.ts";
import type { AppTemplates, CfnResource } from "../../local/template/types.ts";

/** Roles and their identity-based policies read from a template, resolved to local ARNs. */
function app(resources: Record<string, CfnResource>, data: Record<string, CfnResource> = {}) {
  const templates: AppTemplates = {
    data: {
      stackName: "Data",
      template: {
        Resources: {
          DataTable: { Type: "AWS::DynamoDB::Table", Properties: {} },
          ...data,
        },
        Outputs: {
          TableArn: {
            Value: { "Fn::GetAtt": ["DataTable", "Arn"] },
            Export: { Name: "Data:TableArn" },
          },
        },
      },
    },
    api: { stackName: "App", template: { Resources: resources } },
    routes: [],
    stage: { stackName: "Stage", template: { Resources: {} } },
  };
  return loadApp(templates);
}

const assume = {
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};
const TABLE = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/DataTable";

describe("GIVEN a template's roles WHEN read for local evaluation", () => {
  it("THEN inline policies, attached AWS::IAM::Policy and template managed policies all apply, intrinsics resolved", () => {
    const roles = rolesOf(
      app({
        FnRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: assume,
            Policies: [
              {
                PolicyName: "inline",
                PolicyDocument: {
                  Statement: [
                    {
                      Effect: "Allow",
                      Action: "dynamodb:GetItem",
                      Resource: { "Fn::ImportValue": "Data:TableArn" },
                    },
                  ],
                },
              },
            ],
            ManagedPolicyArns: [{ Ref: "Managed" }],
          },
        },
        FnPolicy: {
          Type: "AWS::IAM::Policy",
          Properties: {
            PolicyName: "p",
            Roles: [{ Ref: "FnRole" }],
            PolicyDocument: {
              Statement: [
                {
                  Effect: "Allow",
                  Action: "dynamodb:Query",
                  Resource: {
                    "Fn::Join": ["", [{ "Fn::ImportValue": "Data:TableArn" }, "/index/GSI1"]],
                  },
                },
              ],
            },
          },
        },
        Managed: {
          Type: "AWS::IAM::ManagedPolicy",
          Properties: {
            PolicyDocument: {
              Statement: [
                {
                  Effect: "Deny",
                  Action: "dynamodb:GetItem",
                  Resource: {
                    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
                    "Fn::Sub": "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Other",
                  },
                },
              ],
            },
          },
        },
      }),
    );
    const role = roles.get("FnRole");
    expect(role?.arn).toBe("arn:aws:iam::000000000000:role/FnRole");
    if (!role) throw new Error("role missing");
    expect(role.identity).toHaveLength(3);
    expect(evaluate(role, { action: "dynamodb:GetItem", resource: TABLE }).decision).toBe("allow");
    expect(
      evaluate(role, { action: "dynamodb:Query", resource: `${TABLE}/index/GSI1` }).decision,
    ).toBe("allow");
    expect(
      evaluate(role, { action: "dynamodb:GetItem", resource: TABLE.replace("DataTable", "Other") })
        .decision,
    ).toBe("explicitDeny");
  });

  it("THEN a permissions boundary from the template limits the role", () => {
    const roles = rolesOf(
      app({
        Boundary: {
          Type: "AWS::IAM::ManagedPolicy",
          Properties: {
            PolicyDocument: {
              Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }],
            },
          },
        },
        R: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: assume,
            PermissionsBoundary: { Ref: "Boundary" },
            Policies: [
              {
                PolicyName: "all",
                PolicyDocument: {
                  Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }],
                },
              },
            ],
          },
        },
      }),
    );
    const role = roles.get("R");
    if (!role) throw new Error("role missing");
    expect(evaluate(role, { action: "dynamodb:GetItem", resource: TABLE }).decision).toBe("allow");
    expect(evaluate(role, { action: "dynamodb:PutItem", resource: TABLE }).decision).toBe(
      "implicitDeny",
    );
  });

  it("THEN an AWS managed policy, which has no document here, is refused for a function rather than guessed", () => {
    const roles = rolesOf(
      app({
        R: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: assume,
            ManagedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
          },
        },
      }),
    );
    const role = roles.get("R");
    expect(role?.unevaluable).toMatch(/AWSLambdaBasicExecutionRole is not in the template/);
    // A role no function assumes (AWS Backup's) is harmless; a function's stops the start-up.
    expect(() => requireEvaluable(roles, [{ logicalId: "Other" }])).not.toThrow();
    expect(() => requireEvaluable(roles, [{ logicalId: "Fn", roleName: "R" }])).toThrow(
      PolicyError,
    );
  });

  it("THEN a statement with Principal (a resource-based policy) is refused in an identity policy", () => {
    expect(() =>
      rolesOf(
        app({
          R: {
            Type: "AWS::IAM::Role",
            Properties: {
              AssumeRolePolicyDocument: assume,
              Policies: [
                {
                  PolicyName: "bad",
                  PolicyDocument: {
                    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
                  },
                },
              ],
            },
          },
        }),
      ),
    ).toThrow(/Principal belongs in resource-based policies/);
  });
});
