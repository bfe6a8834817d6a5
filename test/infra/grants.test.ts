import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type Grants, ROUTES, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";
import { allEntries, functionIdByEntry, resourcesOfType, synthProject } from "./synth.ts";

/** One allowed (action, resource) pair of an IAM policy, with the statement's condition. */
interface Permission {
  action: string;
  resource: string;
  condition?: unknown;
}

type Row = { id: string; entry: string; grants: Grants };

let app: Template;
/** Every permission of every AWS::IAM::Policy, by the role logical ids it is attached to. */
let byRole: Map<string, Permission[]>;
let all: Permission[];

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

beforeAll(() => {
  app = synthProject().appTemplate;
  byRole = new Map();
  all = [];
  for (const [, policy] of resourcesOfType(app, "AWS::IAM::Policy")) {
    const doc = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
    const perms: Permission[] = [];
    for (const st of doc.Statement) {
      expect(st.Effect).toBe("Allow");
      for (const action of asArray(st.Action)) {
        for (const resource of asArray(st.Resource)) {
          perms.push({
            action: String(action),
            resource: JSON.stringify(resource),
            ...(st.Condition ? { condition: st.Condition } : {}),
          });
        }
      }
    }
    all.push(...perms);
    for (const role of asArray(policy.Properties?.Roles) as { Ref: string }[]) {
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...perms]);
    }
  }
});

function permissionsOf(row: Row): Permission[] {
  const fnId = functionIdByEntry(app, row.entry);
  const fn = app.toJSON().Resources?.[fnId];
  const role = fn?.Properties?.Role as { "Fn::GetAtt"?: [string, string] } | undefined;
  const roleId = role?.["Fn::GetAtt"]?.[0];
  if (!roleId) throw new Error(`${row.id}: function role not found`);
  return byRole.get(roleId) ?? [];
}

const onAudit = (p: Permission) => p.resource.includes("AuditTable");
const onData = (p: Permission) => p.resource.includes("DataTable");
const WRITES = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];
const rows = allEntries() as Row[];
const withGrant = (pred: (g: Grants) => boolean) =>
  new Set(rows.filter((r) => pred(r.grants)).map((r) => r.id));
const holders = (pred: (p: Permission) => boolean) =>
  new Set(rows.filter((r) => permissionsOf(r).some(pred)).map((r) => r.id));

describe("GIVEN the function roles WHEN synthesized", () => {
  it("THEN the read-only ListProposals route cannot write anything", () => {
    const row = ROUTES.find((r) => r.id === "ListProposals");
    if (!row) throw new Error("ListProposals missing from the contract");
    const perms = permissionsOf(row);
    expect(perms.some((p) => p.action === "dynamodb:Query" && onData(p))).toBe(true);
    expect(perms.filter((p) => WRITES.includes(p.action) || p.action.endsWith("*"))).toEqual([]);
  });

  it.each(rows.filter((r) => r.grants.data === "read"))(
    "THEN $id (data: read) has no write on the data table but the personal-read head it may record",
    (row) => {
      const writes = permissionsOf(row).filter((p) => onData(p) && WRITES.includes(p.action));
      const headOnly = {
        "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", "seq", "hash"] },
      };
      expect(
        writes.filter((p) => JSON.stringify(p.condition) !== JSON.stringify(headOnly)),
      ).toEqual([]);
      expect(writes.length > 0).toBe(row.grants.personalReads === true);
    },
  );

  it("THEN only rows granted 'deletes' can delete data-table items, and no role has batch or table-metadata actions nobody calls", () => {
    expect(holders((p) => onData(p) && p.action === "dynamodb:DeleteItem")).toEqual(
      withGrant((g) => g.deletes === true),
    );
    const unused = ["dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"];
    expect(all.filter((p) => unused.includes(p.action))).toEqual([]);
  });

  it("THEN no policy in the app can update or delete audit events", () => {
    const forbidden = all.filter(
      (p) =>
        (onAudit(p) || p.resource === '"*"') &&
        (["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"].includes(
          p.action,
        ) ||
          p.action === "dynamodb:*" ||
          p.action === "*"),
    );
    expect(forbidden).toEqual([]);
  });

  it("THEN only audit 'append' rows may put audit events, and rows without audit never touch it", () => {
    expect(holders((p) => onAudit(p) && p.action === "dynamodb:PutItem")).toEqual(
      withGrant((g) => g.audit === "append"),
    );
    expect(holders(onAudit)).toEqual(withGrant((g) => g.audit !== undefined));
  });

  it("THEN only rows granted 'start' can start the lifecycle", () => {
    expect(holders((p) => p.action === "states:StartExecution")).toEqual(
      withGrant((g) => g.sfn?.includes("start") ?? false),
    );
    const starts = all.filter((p) => p.action === "states:StartExecution");
    for (const p of starts)
      expect(p.resource).toMatch(/^\{"Ref":"ProposalLifecycle[0-9A-F]{8}"\}$/);
  });

  it("THEN only the cancel route can stop executions, and only the lifecycle's", () => {
    expect(holders((p) => p.action === "states:StopExecution")).toEqual(
      withGrant((g) => g.sfn?.includes("stop") ?? false),
    );
    expect([...holders((p) => p.action === "states:StopExecution")]).toEqual(["CancelProposal"]);
    for (const p of all.filter((q) => q.action === "states:StopExecution"))
      expect(p.resource).toMatch(/:execution:.*ProposalLifecycle[0-9A-F]{8}.*:\*/);
  });

  it("THEN only rows granted 'signal' can answer task tokens", () => {
    expect(holders((p) => p.action === "states:SendTaskSuccess")).toEqual(
      withGrant((g) => g.sfn?.includes("signal") ?? false),
    );
  });

  it("THEN no role may read execution histories (task tokens), and only rows granted 'describe' describe executions", () => {
    // A pattern (states:*, states:Get*, *) allows the action as well as its literal name.
    const allows = (pattern: string, action: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".")}$`,
        "i",
      ).test(action);
    const inline: string[] = [];
    for (const [, role] of resourcesOfType(app, "AWS::IAM::Role")) {
      for (const policy of (role.Properties?.Policies ?? []) as {
        PolicyDocument: { Statement: { Action: unknown }[] };
      }[])
        for (const st of policy.PolicyDocument.Statement)
          inline.push(...asArray(st.Action).map(String));
    }
    const actions = [...all.map((p) => p.action), ...inline];
    expect(actions.length).toBeGreaterThan(50);
    for (const history of ["states:GetExecutionHistory", "states:ListExecutions"])
      expect(actions.filter((a) => allows(a, history))).toEqual([]);
    expect(holders((p) => allows(p.action, "states:DescribeExecution"))).toEqual(
      withGrant((g) => g.sfn?.includes("describe") ?? false),
    );
  });

  it("THEN the personal-data key is usable only as granted, and never for kms:Encrypt", () => {
    const onKey = (p: Permission) => p.resource.includes("PersonalDataKey");
    expect(holders((p) => onKey(p) && p.action === "kms:Encrypt")).toEqual(new Set());
    expect(holders((p) => onKey(p) && p.action === "kms:GenerateDataKey")).toEqual(
      withGrant((g) => g.personalData === "encrypt" || g.personalData === "both"),
    );
    expect(holders((p) => onKey(p) && p.action === "kms:Decrypt")).toEqual(
      withGrant((g) => g.personalData === "decrypt" || g.personalData === "both"),
    );
  });

  it("THEN only the digest function signs, writes digests and scans the audit table; the verifier only reads", () => {
    const onSigningKey = (p: Permission) => p.resource.includes("AuditSigningKey");
    const onBucket = (p: Permission) => p.resource.includes("AuditDigestBucket");
    expect(holders((p) => onSigningKey(p) && p.action === "kms:Sign")).toEqual(
      withGrant((g) => g.auditDigest === "publish"),
    );
    expect(holders((p) => onSigningKey(p) && p.action === "kms:GetPublicKey")).toEqual(
      withGrant((g) => g.auditDigest === "verify"),
    );
    expect(holders((p) => onBucket(p) && p.action === "s3:PutObject")).toEqual(
      withGrant((g) => g.auditDigest === "publish"),
    );
    expect(holders((p) => onBucket(p) && p.action === "s3:GetObject")).toEqual(
      withGrant((g) => g.auditDigest !== undefined),
    );
    expect(holders((p) => p.action === "dynamodb:Scan")).toEqual(
      withGrant((g) => g.auditDigest === "publish"),
    );
    // Nobody may delete or re-lock a digest, not even the digest function.
    const forbidden = all.filter(
      (p) =>
        onBucket(p) &&
        /^s3:(Delete|PutObjectRetention|PutObjectLegalHold|BypassGovernance|\*)/.test(p.action),
    );
    expect(forbidden).toEqual([]);
    for (const p of all.filter(
      (q) => onBucket(q) && q.action.startsWith("s3:") && q.action !== "s3:ListBucket",
    )) {
      expect(p.resource).toMatch(/"\/(digests|anchors)\/\*"\]\]\}$/);
    }
  });

  it("THEN only attachment rows touch the attachments bucket: uploads into pending/, files/ written by the confirm step, read by downloads; nobody deletes", () => {
    const onBucket = (p: Permission) => p.resource.includes("AttachmentsBucket");
    const uses = (u: "upload" | "store" | "read") =>
      withGrant((g) => (g.attachments ?? []).includes(u));
    const prefixOf = (p: Permission) => /"\/(pending|files)\/\*"\]\]\}$/.exec(p.resource)?.[1];
    const put = (prefix: string) => (p: Permission) =>
      onBucket(p) && p.action === "s3:PutObject" && prefixOf(p) === prefix;
    const get = (prefix: string) => (p: Permission) =>
      onBucket(p) && p.action === "s3:GetObject" && prefixOf(p) === prefix;
    expect(holders(put("pending"))).toEqual(uses("upload"));
    expect(holders(get("pending"))).toEqual(uses("store"));
    expect(holders(put("files"))).toEqual(uses("store"));
    expect(holders(get("files"))).toEqual(uses("read"));
    expect([...uses("upload")].sort()).toEqual(["CreateAttachmentUpload", "WebAttachmentAction"]);
    expect([...uses("read")].sort()).toEqual(["GetAttachment", "WebAttachmentDownload"]);
    // The list and the pages that show the list never touch the bucket.
    expect(holders(onBucket).has("ListAttachments")).toBe(false);
    expect(holders(onBucket).has("WebProposalPage")).toBe(false);
    for (const p of all.filter((q) => onBucket(q) && q.action.startsWith("s3:"))) {
      expect(p.action).toMatch(/^s3:(PutObject|GetObject|ListBucket)$/);
      if (p.action !== "s3:ListBucket") expect(prefixOf(p), p.resource).toBeDefined();
    }
  });

  it("THEN only mail rows can send email, from the project's identity through its configuration set", () => {
    expect(holders((p) => p.action.startsWith("ses:"))).toEqual(withGrant((g) => g.mail === true));
    for (const p of all.filter((q) => q.action.startsWith("ses:"))) {
      // SES authorizes SendEmail on the identity and on the (default) configuration set.
      expect(p.resource).toMatch(/MailIdentity|:configuration-set\/.*MailConfigurationSet/);
    }
    const resources = new Set(
      all.filter((q) => q.action === "ses:SendEmail").map((q) => q.resource),
    );
    expect([...resources].some((r) => r.includes("MailIdentity"))).toBe(true);
    expect([...resources].some((r) => r.includes("MailConfigurationSet"))).toBe(true);
  });

  it("THEN '*' resources are used only by actions that support nothing narrower", () => {
    const star = new Set(all.filter((p) => p.resource === '"*"').map((p) => p.action));
    const allowed = new Set([
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "states:SendTaskSuccess",
      "states:SendTaskFailure",
      "states:SendTaskHeartbeat",
      // The state machine's log delivery (CloudWatch Logs vended logs API).
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
    ]);
    expect([...star].filter((a) => !allowed.has(a))).toEqual([]);
    expect([...star].some((a) => a.startsWith("dynamodb:") || a.startsWith("kms:"))).toBe(false);
  });

  it("THEN the state machine can invoke exactly the four task functions", () => {
    const invokes = all.filter((p) => p.action === "lambda:InvokeFunction");
    const targets = new Set(invokes.map((p) => p.resource.match(/"(\w+)","Arn"/)?.[1]));
    const expected = new Set(
      Object.values(WORKFLOW_FUNCTIONS).map((w) => functionIdByEntry(app, w.entry)),
    );
    expect(targets).toEqual(expected);
  });
});
