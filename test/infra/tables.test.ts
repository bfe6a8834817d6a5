import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../shared/kernel/types.ts";
import { resourcesOfType, synthProject } from "./synth.ts";

let data: Template;
let app: Template;

beforeAll(() => {
  const project = synthProject();
  data = project.dataTemplate;
  app = project.appTemplate;
});

const pkSk = [
  { AttributeName: "pk", KeyType: "HASH" },
  { AttributeName: "sk", KeyType: "RANGE" },
];

function table(logicalId: string): Record<string, unknown> {
  const resource = data.toJSON().Resources?.[logicalId];
  expect(resource?.Type, `${logicalId} is a DynamoDB table`).toBe("AWS::DynamoDB::Table");
  return resource;
}

describe("GIVEN the stateful stack WHEN synthesized", () => {
  it("THEN DataTable has pk/sk, GSI1 and GSI2 projecting ALL, and TTL on ttl", () => {
    const props = table("DataTable").Properties as Record<string, unknown>;
    expect(props.KeySchema).toEqual(pkSk);
    expect(props.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: "GSI1",
        KeySchema: [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
      {
        IndexName: "GSI2",
        KeySchema: [
          { AttributeName: "gsi2pk", KeyType: "HASH" },
          { AttributeName: "gsi2sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ]);
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: "ttl", Enabled: true });
  });

  it("THEN AuditTable has pk/sk, the five audit GSIs and the digest's keys-only byHour, all sorted by atId", () => {
    const props = table("AuditTable").Properties as Record<string, unknown>;
    expect(props.KeySchema).toEqual(pkSk);
    const expected = {
      byProvince: "provinceId",
      byUnit: "reviewUnitId",
      byCommune: "communeId",
      byActor: "actorId",
      byType: "type",
      byHour: "hour",
    };
    expect(props.GlobalSecondaryIndexes).toEqual(
      Object.entries(expected).map(([IndexName, attribute]) => ({
        IndexName,
        KeySchema: [
          { AttributeName: attribute, KeyType: "HASH" },
          { AttributeName: "atId", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: IndexName === "byHour" ? "KEYS_ONLY" : "ALL" },
      })),
    );
    expect(props.TimeToLiveSpecification).toBeUndefined();
  });

  it.each(["DataTable", "AuditTable"])(
    "THEN %s is on demand, with PITR, deletion protection, encryption, and retained",
    (id) => {
      const resource = table(id);
      expect(resource.Properties).toMatchObject({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      });
      expect(resource.DeletionPolicy).toBe("Retain");
      expect(resource.UpdateReplacePolicy).toBe("Retain");
    },
  );

  it("THEN there are exactly the two tables", () => {
    expect(
      resourcesOfType(data, "AWS::DynamoDB::Table")
        .map(([id]) => id)
        .sort(),
    ).toEqual(["AuditTable", "DataTable"]);
  });

  it("THEN the personal-data key rotates and is retained", () => {
    data.hasResource("AWS::KMS::Key", {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: "Retain",
    });
  });
});

describe("GIVEN the user pool WHEN synthesized", () => {
  it("THEN there is one group per role", () => {
    const groups = resourcesOfType(data, "AWS::Cognito::UserPoolGroup").map(
      ([, g]) => g.Properties?.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it("THEN sign-in is admin-provisioned with a strong password policy, optional TOTP and custom:unit", () => {
    data.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AliasAttributes: Match.arrayWith(["email"]),
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: "unit", AttributeDataType: "String", Mutable: true }),
      ]),
      DeletionProtection: "ACTIVE",
    });
  });

  it("THEN the web client (in the app stack) has no secret, uses the code flow, 1 h ID tokens and cannot write custom:unit", () => {
    expect(resourcesOfType(data, "AWS::Cognito::UserPoolClient")).toEqual([]);
    const [client] = resourcesOfType(app, "AWS::Cognito::UserPoolClient");
    const props = client?.[1].Properties ?? {};
    expect(props).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      IdTokenValidity: 60,
      TokenValidityUnits: expect.objectContaining({ IdToken: "minutes" }),
    });
    expect([...(props.WriteAttributes as string[])].sort()).toEqual(["email", "name"]);
  });

  it("THEN SES verifies the mail domain (default example.org)", () => {
    data.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "example.org" });
  });
});
