import { beforeAll, describe, expect, it } from "vitest";
import { type AuthorizationRequest, evaluate } from "../../local/iam/evaluate.ts";
import { type RolePolicies, rolesOf } from "../../local/iam/roles.ts";
import {
  type FunctionSpec,
  functionsOf,
  loadApp,
  stateMachinesOf,
} from "../../local/template/accessors.ts";
import type { CfnTemplate } from "../../local/template/types.ts";
import { ROUTES, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";
import { synthProject } from "./synth.ts";

/**
 * The local evaluator over the synthesized template: each function's role, resolved to local
 * ARNs, allows what its code calls and nothing it does not need. The same roles decide every
 * call on the local stack.
 */
const ARN = "arn:aws:dynamodb:ap-southeast-1:000000000000:table";
const DATA = `${ARN}/DataTable`;
const AUDIT = `${ARN}/AuditTable`;

let roles: Map<string, RolePolicies>;
let functions: FunctionSpec[];
let stateMachineArn = "";
let stateMachineRole: RolePolicies | undefined;
/** The attachments bucket's and the two keys' local ARNs. */
let attachmentsArn = "";
let attachmentsKeyArn = "";
let personalKeyArn = "";

beforeAll(() => {
  const project = synthProject();
  const stack = (name: string) => ({
    stackName: name,
    template: (project.statelessTemplates.get(name)?.toJSON() ?? { Resources: {} }) as CfnTemplate,
  });
  const app = loadApp({
    data: { stackName: "Project8Data", template: project.dataTemplate.toJSON() as CfnTemplate },
    api: stack(project.api.stackName),
    routes: project.routes.map((r) => stack(r.stackName)),
    stage: stack(project.stage.stackName),
  });
  roles = rolesOf(app);
  functions = functionsOf(app);
  const [sm] = stateMachinesOf(app);
  stateMachineArn = sm?.arn ?? "";
  stateMachineRole = roles.get(/role\/(.+)$/.exec(sm?.roleArn ?? "")?.[1] ?? "");
  const ids = Object.keys(project.dataTemplate.toJSON().Resources ?? {});
  const id = (prefix: string) =>
    ids.find((i) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(i)) ?? "";
  attachmentsArn = `arn:aws:s3:::${id("AttachmentsBucket").toLowerCase()}`;
  attachmentsKeyArn = `arn:aws:kms:ap-southeast-1:000000000000:key/${id("AttachmentsKey")}`;
  personalKeyArn = `arn:aws:kms:ap-southeast-1:000000000000:key/${id("PersonalDataKey")}`;
});

function roleOf(id: string): RolePolicies {
  const fn = functions.find(
    (f) => f.logicalId.startsWith(id) && /^[0-9A-F]{8}$/.test(f.logicalId.slice(id.length)),
  );
  const role = fn?.roleName ? roles.get(fn.roleName) : undefined;
  if (!role) throw new Error(`no role for ${id}`);
  return role;
}

const may = (id: string, r: AuthorizationRequest) => evaluate(roleOf(id), r).decision === "allow";
const put = (table: string, attributes: string[]) => ({
  action: "dynamodb:PutItem",
  resource: table,
  context: { "dynamodb:Attributes": attributes },
});

describe("GIVEN the synthesized roles WHEN evaluated locally", () => {
  it("THEN the attachments bucket is open to each attachment function for its own step only, through S3 for the keys", () => {
    const s3 = (action: string, key: string) => ({
      action,
      resource: `${attachmentsArn}/${key}`,
      context: {},
    });
    const viaS3 = (action: string, key: string) => ({
      action,
      resource: key,
      context: { "kms:ViaService": "s3.ap-southeast-1.amazonaws.com" },
    });
    expect(attachmentsArn).toMatch(/^arn:aws:s3:::attachmentsbucket[0-9a-f]{8}$/);
    // Presigning an upload into pending/, and nothing else.
    expect(may("CreateAttachmentUpload", s3("s3:PutObject", "pending/P1/A1"))).toBe(true);
    expect(may("CreateAttachmentUpload", s3("s3:PutObject", "files/P1/A1"))).toBe(false);
    expect(may("CreateAttachmentUpload", s3("s3:GetObject", "pending/P1/A1"))).toBe(false);
    // The confirm step reads pending/ and writes files/ (a survivor's file with the personal key).
    expect(may("ConfirmAttachment", s3("s3:GetObject", "pending/P1/A1"))).toBe(true);
    expect(may("ConfirmAttachment", s3("s3:PutObject", "files/P1/A1"))).toBe(true);
    expect(may("ConfirmAttachment", s3("s3:GetObject", "files/P1/A1"))).toBe(false);
    expect(may("ConfirmAttachment", viaS3("kms:GenerateDataKey", attachmentsKeyArn))).toBe(true);
    expect(may("ConfirmAttachment", viaS3("kms:GenerateDataKey", personalKeyArn))).toBe(true);
    // Downloads read files/ and decrypt a survivor's file; the list and the pages touch nothing.
    expect(may("GetAttachment", s3("s3:GetObject", "files/P1/A1"))).toBe(true);
    expect(may("GetAttachment", viaS3("kms:Decrypt", personalKeyArn))).toBe(true);
    expect(may("GetAttachment", s3("s3:PutObject", "files/P1/A1"))).toBe(false);
    for (const id of ["ListAttachments", "WebProposalPage", "WebTaskPage", "GetProposal"]) {
      expect(may(id, s3("s3:GetObject", "files/P1/A1")), id).toBe(false);
      expect(may(id, s3("s3:PutObject", "pending/P1/A1")), id).toBe(false);
    }
    // Nobody deletes an attachment.
    for (const fn of functions) {
      const role = fn.roleName ? roles.get(fn.roleName) : undefined;
      if (!role) continue;
      expect(evaluate(role, s3("s3:DeleteObject", "files/P1/A1")).decision, fn.logicalId).not.toBe(
        "allow",
      );
    }
  });

  it("THEN every function has a role with policies", () => {
    const ids = [
      ...ROUTES,
      ...Object.values(WORKFLOW_FUNCTIONS),
      ...Object.values(SCHEDULED_FUNCTIONS),
    ];
    for (const { id } of ids) expect(roleOf(id).identity.length, id).toBeGreaterThan(0);
  });

  it("THEN GetProposal may record a personal read (head item) but write nothing else on the data table", () => {
    expect(may("GetProposal", put(DATA, ["pk", "sk", "seq", "hash"]))).toBe(true);
    expect(may("GetProposal", put(DATA, ["pk", "sk", "status", "version"]))).toBe(false);
    expect(may("GetProposal", { action: "dynamodb:UpdateItem", resource: DATA })).toBe(false);
    expect(may("GetProposal", put(AUDIT, ["pk", "sk", "hash"]))).toBe(true);
  });

  it("THEN read-only routes cannot write, and nobody may update or delete audit events", () => {
    expect(may("ListProposals", put(DATA, ["pk"]))).toBe(false);
    expect(may("ListProposals", { action: "dynamodb:Query", resource: `${DATA}/index/GSI1` })).toBe(
      true,
    );
    expect(may("ListProposals", { action: "dynamodb:Scan", resource: DATA })).toBe(false);
    for (const { id } of [...ROUTES, ...Object.values(SCHEDULED_FUNCTIONS)]) {
      expect(may(id, { action: "dynamodb:UpdateItem", resource: AUDIT }), id).toBe(false);
      expect(may(id, { action: "dynamodb:DeleteItem", resource: AUDIT }), id).toBe(false);
    }
  });

  it("THEN only functions whose code deletes may DeleteItem", () => {
    expect(may("DecideTask", { action: "dynamodb:DeleteItem", resource: DATA })).toBe(true);
    expect(may("Sweep", { action: "dynamodb:DeleteItem", resource: DATA })).toBe(true);
    expect(may("CloseProposal", { action: "dynamodb:DeleteItem", resource: DATA })).toBe(false);
    expect(may("OpenReviewTask", { action: "dynamodb:DeleteItem", resource: DATA })).toBe(false);
  });

  it("THEN the sweep may start the lifecycle and answer tokens; the workflow's own tasks may answer tokens", () => {
    expect(may("Sweep", { action: "states:StartExecution", resource: stateMachineArn })).toBe(true);
    for (const id of ["Sweep", "OpenReviewTask", "OpenDisbursement", "DecideTask"]) {
      expect(may(id, { action: "states:SendTaskSuccess", resource: "*" }), id).toBe(true);
    }
    expect(may("ExpireReviewTask", { action: "states:SendTaskSuccess", resource: "*" })).toBe(
      false,
    );
    expect(may("DecideTask", { action: "states:StartExecution", resource: stateMachineArn })).toBe(
      false,
    );
  });

  it("THEN the state machine's role may invoke its four task functions and no other", () => {
    const invoke = (fn: FunctionSpec) =>
      stateMachineRole
        ? evaluate(stateMachineRole, { action: "lambda:InvokeFunction", resource: fn.arn }).decision
        : "no role";
    const tasks = new Set(Object.values(WORKFLOW_FUNCTIONS).map((w) => w.id));
    for (const fn of functions) {
      const isTask = [...tasks].some((t) => fn.logicalId.startsWith(t));
      expect(invoke(fn), fn.logicalId).toBe(isTask ? "allow" : "implicitDeny");
    }
  });
});
