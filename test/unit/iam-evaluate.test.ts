import { describe, expect, it } from "vitest";
import {
  type AuthorizationRequest,
  denialMessage,
  evaluate,
  type PrincipalPolicies,
  substituteVariables,
} from "../../local/iam/evaluate.ts";
import { parsePolicy } from "../../local/iam/policy.ts";
import { matchAction, matchArnCondition, matchResource } from "../../local/iam/wildcard.ts";

/**
 * The local IAM evaluator against AWS's documented policy evaluation logic. Each block names the
 * IAM User Guide page it follows:
 * - "Policy evaluation logic" / "Policy evaluation for requests within a single account"
 *   (reference_policies_evaluation-logic.html, …_policy-eval-basics.html)
 * - "The difference between explicit and implicit denies" (…_AccessPolicyLanguage_Interplay.html)
 * - "IAM JSON policy elements: Action / NotAction / Resource / NotResource / Condition operators"
 * - "Conditions with multiple context keys or values" (reference_policies_multi-value-conditions.html)
 * - "Permissions boundaries for IAM entities" (access_policies_boundaries.html)
 */
const TABLE = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/DataTable";

function principal(...statements: unknown[]): PrincipalPolicies {
  return { identity: [parsePolicy("test", { Version: "2012-10-17", Statement: statements })] };
}

const req = (
  action: string,
  resource: string,
  context: AuthorizationRequest["context"] = {},
): AuthorizationRequest => ({ action, resource, context });

const decision = (p: PrincipalPolicies, r: AuthorizationRequest) => evaluate(p, r).decision;

describe("Policy evaluation logic: deny by default, explicit deny over allow", () => {
  it("GIVEN no policy THEN every request is implicitly denied", () => {
    expect(decision({ identity: [] }, req("dynamodb:GetItem", TABLE))).toBe("implicitDeny");
  });

  it("GIVEN an Allow for other actions only THEN the request is implicitly denied", () => {
    const p = principal({ Effect: "Allow", Action: "dynamodb:Query", Resource: TABLE });
    expect(decision(p, req("dynamodb:PutItem", TABLE))).toBe("implicitDeny");
  });

  it("GIVEN an Allow that matches action and resource THEN the request is allowed", () => {
    const p = principal({ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [TABLE] });
    expect(decision(p, req("dynamodb:GetItem", TABLE))).toBe("allow");
  });

  it("GIVEN an Allow and a matching Deny in another policy THEN the explicit deny wins (Interplay page)", () => {
    const p: PrincipalPolicies = {
      identity: [
        parsePolicy("allow", {
          Statement: { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
        }),
        parsePolicy("deny", {
          Statement: { Effect: "Deny", Action: "dynamodb:DeleteItem", Resource: TABLE },
        }),
      ],
    };
    expect(decision(p, req("dynamodb:DeleteItem", TABLE))).toBe("explicitDeny");
    expect(decision(p, req("dynamodb:GetItem", TABLE))).toBe("allow");
  });

  it("GIVEN a Deny whose condition does not hold THEN it does not apply and the Allow stands", () => {
    const p = principal(
      { Effect: "Allow", Action: "dynamodb:PutItem", Resource: TABLE },
      {
        Effect: "Deny",
        Action: "dynamodb:PutItem",
        Resource: TABLE,
        Condition: { StringEquals: { "dynamodb:ReturnValues": "ALL_OLD" } },
      },
    );
    expect(decision(p, req("dynamodb:PutItem", TABLE))).toBe("allow");
    expect(
      decision(p, req("dynamodb:PutItem", TABLE, { "dynamodb:ReturnValues": "ALL_OLD" })),
    ).toBe("explicitDeny");
  });
});

describe("IAM JSON policy elements: Action and NotAction", () => {
  it("THEN action names match case-insensitively, with * and ? wildcards", () => {
    expect(matchAction("dynamodb:GetItem", "DynamoDB:getitem")).toBe(true);
    expect(matchAction("dynamodb:Get*", "dynamodb:GetItem")).toBe(true);
    expect(matchAction("dynamodb:?etItem", "dynamodb:GetItem")).toBe(true);
    expect(matchAction("dynamodb:Get*", "dynamodb:BatchGetItem")).toBe(false);
    expect(matchAction("*", "states:StartExecution")).toBe(true);
  });

  it("GIVEN Allow with NotAction THEN everything but the listed actions is allowed", () => {
    const p = principal({ Effect: "Allow", NotAction: "dynamodb:Delete*", Resource: "*" });
    expect(decision(p, req("dynamodb:PutItem", TABLE))).toBe("allow");
    expect(decision(p, req("dynamodb:DeleteItem", TABLE))).toBe("implicitDeny");
  });

  it("GIVEN Deny with NotAction THEN every other action is denied, the listed ones only allowed", () => {
    const p = principal(
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Deny", NotAction: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "*" },
    );
    expect(decision(p, req("dynamodb:Query", TABLE))).toBe("allow");
    expect(decision(p, req("dynamodb:PutItem", TABLE))).toBe("explicitDeny");
  });
});

describe("IAM JSON policy elements: Resource and NotResource", () => {
  it("THEN resource ARNs match case-sensitively", () => {
    expect(matchResource(TABLE, TABLE)).toBe(true);
    expect(matchResource(TABLE, TABLE.replace("DataTable", "datatable"))).toBe(false);
  });

  it("THEN * and ? stay within an ARN segment unless * ends the segment", () => {
    const fn = "arn:aws:lambda:ap-southeast-1:000000000000:function:Sweep";
    expect(matchResource("arn:aws:lambda:*:000000000000:function:Swe?p", fn)).toBe(true);
    // A trailing * runs across the colons after it ("Using wildcards in resource ARNs").
    expect(
      matchResource("arn:aws:lambda:ap-southeast-1:000000000000:function:Sweep*", `${fn}:live`),
    ).toBe(true);
    expect(matchResource("arn:aws:lambda:ap-*-1:000000000000:function:Sweep", fn)).toBe(true);
    // A * inside a segment does not swallow a colon; the same * ending the segment does.
    expect(matchResource("arn:aws:lambda:ap-southeast-1:000000000000:f*p", fn)).toBe(false);
    expect(matchResource("arn:aws:lambda:ap-southeast-1:000000000000:f*", fn)).toBe(true);
    // The S3 example of the page: * expands over slashes inside the segment.
    expect(
      matchResource(
        "arn:aws:s3:::amzn-s3-demo-bucket/*",
        "arn:aws:s3:::amzn-s3-demo-bucket/a/b.txt",
      ),
    ).toBe(true);
  });

  it("THEN the resource * of actions without resource-level permissions needs Resource *", () => {
    const narrow = principal({
      Effect: "Allow",
      Action: "states:SendTaskSuccess",
      Resource: "arn:aws:states:ap-southeast-1:000000000000:stateMachine:X",
    });
    expect(decision(narrow, req("states:SendTaskSuccess", "*"))).toBe("implicitDeny");
    const any = principal({ Effect: "Allow", Action: "states:SendTaskSuccess", Resource: "*" });
    expect(decision(any, req("states:SendTaskSuccess", "*"))).toBe("allow");
  });

  it("THEN table and index ARNs are distinct resources", () => {
    const p = principal({ Effect: "Allow", Action: "dynamodb:Query", Resource: TABLE });
    expect(decision(p, req("dynamodb:Query", TABLE))).toBe("allow");
    expect(decision(p, req("dynamodb:Query", `${TABLE}/index/GSI1`))).toBe("implicitDeny");
  });

  it("GIVEN Allow with NotResource THEN every resource but the listed ones is allowed", () => {
    const p = principal({ Effect: "Allow", Action: "dynamodb:GetItem", NotResource: `${TABLE}*` });
    expect(decision(p, req("dynamodb:GetItem", TABLE))).toBe("implicitDeny");
    expect(decision(p, req("dynamodb:GetItem", TABLE.replace("DataTable", "AuditTable")))).toBe(
      "allow",
    );
  });
});

describe("IAM JSON policy elements: Condition operators; Conditions with multiple context keys or values", () => {
  const allowWhen = (condition: unknown) =>
    principal({
      Effect: "Allow",
      Action: "dynamodb:PutItem",
      Resource: TABLE,
      Condition: condition,
    });
  const put = (context: AuthorizationRequest["context"]) => req("dynamodb:PutItem", TABLE, context);

  it("THEN several values of one key are ORed, several keys and several operators ANDed", () => {
    const p = allowWhen({
      StringEquals: {
        "aws:RequestedRegion": ["ap-southeast-1", "us-east-1"],
        "aws:PrincipalType": "AssumedRole",
      },
      Bool: { "aws:SecureTransport": "true" },
    });
    const ok = {
      "aws:RequestedRegion": "us-east-1",
      "aws:PrincipalType": "AssumedRole",
      "aws:SecureTransport": "true",
    };
    expect(decision(p, put(ok))).toBe("allow");
    expect(decision(p, put({ ...ok, "aws:RequestedRegion": "eu-west-1" }))).toBe("implicitDeny");
    expect(decision(p, put({ ...ok, "aws:SecureTransport": "false" }))).toBe("implicitDeny");
  });

  it("THEN a negated operator with several values is a NOR", () => {
    const p = allowWhen({ StringNotEquals: { "dynamodb:ReturnValues": ["ALL_OLD", "ALL_NEW"] } });
    expect(decision(p, put({ "dynamodb:ReturnValues": "NONE" }))).toBe("allow");
    expect(decision(p, put({ "dynamodb:ReturnValues": "ALL_NEW" }))).toBe("implicitDeny");
  });

  it("THEN a key missing from the request fails a condition, except negated operators, …IfExists and Null", () => {
    expect(decision(allowWhen({ StringEquals: { "dynamodb:Select": "COUNT" } }), put({}))).toBe(
      "implicitDeny",
    );
    expect(decision(allowWhen({ StringNotEquals: { "dynamodb:Select": "COUNT" } }), put({}))).toBe(
      "allow",
    );
    expect(
      decision(allowWhen({ StringEqualsIfExists: { "dynamodb:Select": "COUNT" } }), put({})),
    ).toBe("allow");
    expect(
      decision(
        allowWhen({ StringEqualsIfExists: { "dynamodb:Select": "COUNT" } }),
        put({ "dynamodb:Select": "ALL_ATTRIBUTES" }),
      ),
    ).toBe("implicitDeny");
    expect(decision(allowWhen({ Null: { "dynamodb:Select": "true" } }), put({}))).toBe("allow");
    expect(decision(allowWhen({ Null: { "dynamodb:Select": "false" } }), put({}))).toBe(
      "implicitDeny",
    );
  });

  it("THEN ForAllValues holds when every request value is listed, and for an empty set; ForAnyValue needs one", () => {
    const only = allowWhen({
      "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", "seq", "hash"] },
    });
    expect(decision(only, put({ "dynamodb:Attributes": ["pk", "sk", "seq", "hash"] }))).toBe(
      "allow",
    );
    expect(decision(only, put({ "dynamodb:Attributes": ["pk", "sk", "status"] }))).toBe(
      "implicitDeny",
    );
    expect(decision(only, put({}))).toBe("allow");
    const any = allowWhen({ "ForAnyValue:StringLike": { "dynamodb:Attributes": ["gsi*"] } });
    expect(decision(any, put({ "dynamodb:Attributes": ["pk", "gsi1pk"] }))).toBe("allow");
    expect(decision(any, put({}))).toBe("implicitDeny");
  });

  it("THEN StringLike, Numeric, Date and Bool compare as documented", () => {
    expect(
      decision(
        allowWhen({ StringLike: { "aws:userid": "AROA*:Sweep*" } }),
        put({ "aws:userid": "AROAX:Sweep576358E8" }),
      ),
    ).toBe("allow");
    expect(
      decision(
        allowWhen({ NumericLessThan: { "aws:EpochTime": "100" } }),
        put({ "aws:EpochTime": "99" }),
      ),
    ).toBe("allow");
    expect(
      decision(
        allowWhen({ DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } }),
        put({ "aws:CurrentTime": "2026-06-01T01:00:00Z" }),
      ),
    ).toBe("allow");
    expect(
      decision(
        allowWhen({ Bool: { "aws:SecureTransport": "false" } }),
        put({ "aws:SecureTransport": "true" }),
      ),
    ).toBe("implicitDeny");
  });

  it("THEN ARN operators compare each of the six ARN components with wildcards", () => {
    const sm = "arn:aws:states:ap-southeast-1:000000000000:stateMachine:ProposalLifecycleD322812C";
    expect(matchArnCondition("arn:aws:states:ap-southeast-1:000000000000:stateMachine:*", sm)).toBe(
      true,
    );
    expect(matchArnCondition("arn:aws:states:*:*:stateMachine:Proposal*", sm)).toBe(true);
    expect(matchArnCondition("arn:aws:lambda:*:*:*", sm)).toBe(false);
    expect(matchArnCondition("arn:aws:states:*:*:*", "not-an-arn")).toBe(false);
    const p = allowWhen({
      ArnLike: { "aws:SourceArn": "arn:aws:states:*:000000000000:stateMachine:*" },
    });
    expect(decision(p, put({ "aws:SourceArn": sm }))).toBe("allow");
    expect(decision(p, put({}))).toBe("implicitDeny");
  });

  it("THEN an operator AWS does not have is refused when the policy is evaluated", () => {
    const p = allowWhen({ StringAlmostEquals: { "aws:userid": "x" } });
    expect(() => evaluate(p, put({}))).toThrow(/StringAlmostEquals is not supported/);
  });
});

describe("IAM policy elements: Variables and tags", () => {
  it("THEN a policy variable takes the request's value, a default when given, and otherwise matches nothing", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable syntax
    expect(substituteVariables("table/${aws:username}", { "aws:username": "bob" })).toBe(
      "table/bob",
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable syntax
    expect(substituteVariables("${aws:username, 'none'}", {})).toBe("none");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable syntax
    expect(substituteVariables("${aws:username}", {})).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable syntax
    expect(substituteVariables("a${*}b", {})).toBe("a*b");
  });
});

describe("Permissions boundaries for IAM entities", () => {
  it("GIVEN a boundary THEN a request needs an Allow in both, and a Deny in either denies", () => {
    const identity = parsePolicy("identity", {
      Statement: { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
    });
    const boundary = parsePolicy("boundary", {
      Statement: { Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" },
    });
    const p: PrincipalPolicies = { identity: [identity], boundary };
    expect(decision(p, req("dynamodb:GetItem", TABLE))).toBe("allow");
    const refused = evaluate(p, req("dynamodb:PutItem", TABLE));
    expect(refused).toEqual({ decision: "implicitDeny", boundary: true });
  });
});

describe("AccessDeniedException messages", () => {
  it("THEN they name the principal, the action and the resource, and why", () => {
    const r = req("dynamodb:PutItem", TABLE);
    const who = "arn:aws:sts::000000000000:assumed-role/GetProposalRole/GetProposal";
    expect(denialMessage(who, r, { decision: "implicitDeny" })).toBe(
      `User: ${who} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:PutItem action`,
    );
    expect(denialMessage(who, r, { decision: "explicitDeny", policy: "p", statement: 0 })).toMatch(
      /with an explicit deny in an identity-based policy$/,
    );
  });
});
