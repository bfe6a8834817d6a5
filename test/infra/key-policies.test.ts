/**
 * The KMS key policies (issue 16 part 2): decrypt and every other use only by the function
 * roles that need it, administration only by the admin role and the deployment role, and no
 * `kms:*` for the account anywhere. The two sides must agree: a role named by a key policy has
 * the IAM allow, and a role with the IAM allow is named by the key policy.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { KEY_ADMIN_ACTIONS } from "../../infra/constructs/key-policy.ts";
import {
  type Grants,
  ROUTES,
  SCHEDULED_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
} from "../../shared/contract/index.ts";
import { type CfnResource, resourcesOfType, synthProject } from "./synth.ts";

interface Statement {
  Sid?: string;
  Effect: string;
  Principal: { AWS?: unknown; Service?: string };
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** An intrinsic as text: `${Ref}`, `${Id.Attr}`, Fn::Join joined, Fn::Sub as written. */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(text).join(",");
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === "string") return `\${${o.Ref}}`;
  const getAtt = o["Fn::GetAtt"];
  if (Array.isArray(getAtt)) return `\${${getAtt.join(".")}}`;
  if (typeof o["Fn::Sub"] === "string") return o["Fn::Sub"];
  const join = o["Fn::Join"] as [string, unknown[]] | undefined;
  if (join) return join[1].map(text).join(join[0]);
  if (o["Fn::ImportValue"]) return `import(${text(o["Fn::ImportValue"])})`;
  return JSON.stringify(value);
}

const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
/** `${name}` as text() renders a Ref (built so that it is not mistaken for a template literal). */
const ref = (name: string) => `$\{${name}}`;
const ROOT = `arn:${ref("AWS::Partition")}:iam::${ref("AWS::AccountId")}:root`;
const CFN_EXEC_ROLE = `arn:${ref("AWS::Partition")}:iam::${ref("AWS::AccountId")}:role/cdk-hnb659fds-cfn-exec-role-${ref("AWS::AccountId")}-${ref("AWS::Region")}`;
const ROLE_PATTERN =
  /^arn:\$\{AWS::Partition\}:iam::\$\{AWS::AccountId\}:role\/Project8App\/(\w+)\/\*$/;
const CRYPTO =
  /^kms:(Encrypt|Decrypt|ReEncrypt.*|GenerateDataKey.*|GenerateMac|VerifyMac|Sign|Verify|CreateGrant|DeriveSharedSecret|\*)$|^\*$/;

type Row = { id: string; grants: Grants };
const rows: Row[] = [
  ...ROUTES,
  ...Object.values(WORKFLOW_FUNCTIONS),
  ...Object.values(SCHEDULED_FUNCTIONS),
];
const idsWith = (keep: (g: Grants) => boolean) =>
  rows
    .filter((r) => keep(r.grants))
    .map((r) => r.id)
    .sort();

let data: Template;
let app: Template;

beforeAll(() => {
  const project = synthProject();
  data = project.dataTemplate;
  app = project.appTemplate;
});

function keyByAlias(template: Template, alias: string): [string, CfnResource] {
  const aliasRes = resourcesOfType(template, "AWS::KMS::Alias").find(
    ([, a]) => a.Properties?.AliasName === alias,
  );
  const keyId = (aliasRes?.[1].Properties?.TargetKeyId as { "Fn::GetAtt": [string, string] })?.[
    "Fn::GetAtt"
  ][0];
  const key = template.toJSON().Resources?.[keyId ?? ""] as CfnResource | undefined;
  if (!keyId || !key) throw new Error(`no key with alias ${alias}`);
  return [keyId, key];
}

function statementsOf(key: CfnResource): Statement[] {
  return (key.Properties?.KeyPolicy as { Statement?: Statement[] } | undefined)?.Statement ?? [];
}

/** Function ids whose roles the key policy lets do `action` (account principal + aws:PrincipalArn). */
function functionsAllowed(key: CfnResource, action: string): string[] {
  const ids = statementsOf(key)
    .filter((s) => s.Effect === "Allow" && asArray(s.Action).includes(action))
    .flatMap((s) => {
      expect(text(s.Principal.AWS), `${s.Sid} is for the account principal`).toBe(ROOT);
      const patterns = asArray(s.Condition?.ArnLike?.["aws:PrincipalArn"] ?? []).map(text);
      if (patterns.length === 0) return [];
      return patterns.map((p) => {
        const m = ROLE_PATTERN.exec(p);
        if (!m?.[1]) throw new Error(`${s.Sid}: ${p} is not a function role pattern`);
        return m[1];
      });
    });
  return [...new Set(ids)].sort();
}

const ALIASES = {
  personalData: "alias/project8/personal-data",
  pseudonym: "alias/project8/survivor-pseudonym",
  signing: "alias/project8/audit-digest-signing",
  digests: "alias/project8/audit-digests",
  attachments: "alias/project8/attachments",
  operations: "alias/project8/operations",
} as const;

describe("GIVEN the project's KMS keys WHEN synthesized", () => {
  it("THEN every key has an explicit policy: no kms:* or * action, and the account principal only under conditions", () => {
    const keys = resourcesOfType(data, "AWS::KMS::Key");
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const [id, key] of keys) {
      for (const s of statementsOf(key)) {
        for (const a of asArray(s.Action)) expect(a, `${id} ${s.Sid}`).not.toMatch(/^(kms:)?\*$/);
        if (s.Principal.AWS !== undefined) {
          expect(text(s.Principal.AWS), `${id} ${s.Sid}`).toBe(ROOT);
          expect(
            s.Condition,
            `${id} ${s.Sid}: the account principal needs a condition`,
          ).toBeDefined();
        }
        if (s.Principal.Service) {
          expect(s.Condition?.StringEquals?.["aws:SourceAccount"], `${id} ${s.Sid}`).toEqual({
            Ref: "AWS::AccountId",
          });
        }
      }
      expect((key as { DeletionPolicy?: string }).DeletionPolicy, id).toBe("Retain");
    }
  });

  it("THEN administration is the admin role's and the deployment role's only, without any cryptographic action", () => {
    for (const [id, key] of resourcesOfType(data, "AWS::KMS::Key")) {
      const admin = statementsOf(key).filter((s) => asArray(s.Action).includes("kms:PutKeyPolicy"));
      expect(admin, id).toHaveLength(1);
      const [statement] = admin;
      expect(asArray(statement?.Action ?? []).sort()).toEqual([...KEY_ADMIN_ACTIONS].sort());
      for (const a of asArray(statement?.Action ?? [])) expect(a, id).not.toMatch(CRYPTO);
      const principals = asArray(statement?.Condition?.ArnEquals?.["aws:PrincipalArn"] ?? []).map(
        text,
      );
      expect(principals.sort(), id).toEqual(
        [ref("KeyAdminRole597073C5.Arn"), CFN_EXEC_ROLE].sort(),
      );
    }
  });

  it("THEN the personal-data key decrypts only for the rows granted decrypt, and gives data keys only to those granted encrypt", () => {
    const [, key] = keyByAlias(data, ALIASES.personalData);
    expect(functionsAllowed(key, "kms:Decrypt")).toEqual(
      idsWith((g) => g.personalData === "decrypt" || g.personalData === "both"),
    );
    // A proposal's sealed fields; a registry entry's (members' names, a case's minimum data);
    // a survivor's attached documents (stored with this key through S3, opened by presigned GET).
    expect(functionsAllowed(key, "kms:Decrypt")).toEqual([
      "GetAttachment",
      "GetBeneficiary",
      "GetProposal",
      "WebAttachmentDownload",
    ]);
    const encrypters = idsWith((g) => g.personalData === "encrypt" || g.personalData === "both");
    // Envelope encryption asks KMS for data keys: nothing calls kms:Encrypt.
    expect(functionsAllowed(key, "kms:Encrypt")).toEqual([]);
    expect(functionsAllowed(key, "kms:GenerateDataKey")).toEqual(encrypters);
    for (const s of statementsOf(key)) {
      for (const a of asArray(s.Action)) expect(a).not.toMatch(/^kms:(ReEncrypt|CreateGrant)/);
    }
  });

  it("THEN the pseudonym key computes MACs only for the row granted the pseudonym", () => {
    const [, key] = keyByAlias(data, ALIASES.pseudonym);
    expect(functionsAllowed(key, "kms:GenerateMac")).toEqual(idsWith((g) => g.pseudonym === true));
    expect(functionsAllowed(key, "kms:Decrypt")).toEqual([]);
  });

  it("THEN the audit signing key is an asymmetric SIGN_VERIFY key and only the digest function may sign", () => {
    const [, key] = keyByAlias(data, ALIASES.signing);
    expect(key.Properties).toMatchObject({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    expect(functionsAllowed(key, "kms:Sign")).toEqual(["PublishAuditDigest"]);
    expect(functionsAllowed(key, "kms:Verify")).toEqual(["VerifyAuditChains"]);
    expect(functionsAllowed(key, "kms:GetPublicKey")).toEqual(["VerifyAuditChains"]);
  });

  it("THEN the bucket keys are usable only through S3, the attachments key by the attachment functions", () => {
    const [, digests] = keyByAlias(data, ALIASES.digests);
    expect(functionsAllowed(digests, "kms:GenerateDataKey")).toEqual(["PublishAuditDigest"]);
    for (const s of statementsOf(digests).filter((x) => x.Condition?.ArnLike)) {
      expect(text(s.Condition?.StringEquals?.["kms:ViaService"])).toBe(
        `s3.${ref("AWS::Region")}.amazonaws.com`,
      );
    }
    const [, attachments] = keyByAlias(data, ALIASES.attachments);
    // Writers (the presigned upload is signed by its issuer; the confirm step writes files/).
    expect(functionsAllowed(attachments, "kms:GenerateDataKey")).toEqual([
      "ConfirmAttachment",
      "CreateAttachmentUpload",
      "WebAttachmentAction",
    ]);
    // Readers: the confirm step reads pending/, downloads read files/ (writers may Decrypt, as
    // S3 needs for SSE-KMS writes).
    expect(functionsAllowed(attachments, "kms:Decrypt")).toEqual([
      "ConfirmAttachment",
      "CreateAttachmentUpload",
      "GetAttachment",
      "WebAttachmentAction",
      "WebAttachmentDownload",
    ]);
    for (const s of statementsOf(attachments).filter((x) => x.Condition?.ArnLike)) {
      expect(text(s.Condition?.StringEquals?.["kms:ViaService"])).toBe(
        `s3.${ref("AWS::Region")}.amazonaws.com`,
      );
    }
  });

  it("THEN only CloudWatch and SES of this account may use the operations key (encrypted topics)", () => {
    const [, key] = keyByAlias(data, ALIASES.operations);
    const services = statementsOf(key)
      .filter((s) => s.Principal.Service)
      .map((s) => s.Principal.Service)
      .sort();
    expect(services).toEqual(["cloudwatch.amazonaws.com", "ses.amazonaws.com"]);
  });
});

describe("GIVEN the function roles WHEN synthesized", () => {
  const rolesOfApp = () => resourcesOfType(app, "AWS::IAM::Role");

  it("THEN every function role has the path /Project8App/<function id>/ that the key policies name", () => {
    const fnRoles = new Map<string, string>();
    for (const [, fn] of resourcesOfType(app, "AWS::Lambda::Function")) {
      const roleId = (fn.Properties?.Role as { "Fn::GetAtt"?: [string, string] } | undefined)?.[
        "Fn::GetAtt"
      ]?.[0];
      const role = app.toJSON().Resources?.[roleId ?? ""] as CfnResource;
      const path = String(role.Properties?.Path);
      const m = /^\/Project8App\/(\w+)\/$/.exec(path);
      expect(m, `${roleId} path ${path}`).not.toBeNull();
      fnRoles.set(m?.[1] ?? "", roleId ?? "");
    }
    expect([...fnRoles.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect(rolesOfApp().length).toBeGreaterThanOrEqual(rows.length);
  });

  it("THEN the roles whose IAM policies allow kms:Decrypt on the personal-data key are exactly those the key policy names", () => {
    const [keyId, key] = keyByAlias(data, ALIASES.personalData);
    const holders: string[] = [];
    for (const [, policy] of resourcesOfType(app, "AWS::IAM::Policy")) {
      const doc = policy.Properties?.PolicyDocument as { Statement: Statement[] };
      const allows = doc.Statement.some(
        (s) => asArray(s.Action).includes("kms:Decrypt") && text(s.Resource).includes(keyId),
      );
      if (!allows) continue;
      for (const role of asArray(policy.Properties?.Roles as { Ref: string }[])) {
        const path = String(
          (app.toJSON().Resources?.[role.Ref] as CfnResource | undefined)?.Properties?.Path,
        );
        holders.push(path.split("/")[2] ?? "");
      }
    }
    expect(holders.sort()).toEqual(functionsAllowed(key, "kms:Decrypt"));
  });
});

describe("GIVEN -c keyAdminRoleArn WHEN synthesized", () => {
  it("THEN that role administers the keys and no admin role is created", () => {
    const adminArn =
      "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_KeyAdmin_0123456789abcdef";
    const project = synthProject(undefined, { keyAdminRoleArn: adminArn });
    expect(
      resourcesOfType(project.dataTemplate, "AWS::IAM::Role").filter(([id]) =>
        id.startsWith("KeyAdminRole"),
      ),
    ).toEqual([]);
    for (const [id, key] of resourcesOfType(project.dataTemplate, "AWS::KMS::Key")) {
      const admin = statementsOf(key).find((s) => asArray(s.Action).includes("kms:PutKeyPolicy"));
      const principals = asArray(admin?.Condition?.ArnEquals?.["aws:PrincipalArn"] ?? []).map(text);
      expect(principals.sort(), id).toEqual([adminArn, CFN_EXEC_ROLE].sort());
    }
  });

  it("THEN a malformed role ARN is refused at synthesis, naming the key", () => {
    expect(() => synthProject(undefined, { keyAdminRoleArn: "KeyAdmin" })).toThrow(
      /keyAdminRoleArn must be an IAM role ARN/,
    );
  });
});
