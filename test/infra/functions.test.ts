import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { POWERTOOLS_ENVIRONMENT } from "../../shared/config.ts";
import { environmentOf } from "../../shared/contract/environment.ts";
import { type Grants, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";
import { allEntries, type CfnResource, resourcesOfType, synthProject } from "./synth.ts";

type Row = { id: string; entry: string; grants: Grants; timeoutSeconds?: number };

let app: Template;
let functions: [string, CfnResource][];

beforeAll(() => {
  app = synthProject().appTemplate;
  functions = resourcesOfType(app, "AWS::Lambda::Function");
});

const rows = allEntries() as Row[];
const isTask = (row: Row) => Object.values(WORKFLOW_FUNCTIONS).some((w) => w.id === row.id);

function fnOf(row: Row): { logicalId: string; props: Record<string, unknown> } {
  const found = functions.filter(([, f]) => f.Metadata?.["project:entry"] === row.entry);
  expect(found, `one function for ${row.entry}`).toHaveLength(1);
  const [logicalId, f] = found[0] ?? ["", { Type: "" }];
  return { logicalId, props: f.Properties ?? {} };
}

function envOf(row: Row): Record<string, unknown> {
  const env = fnOf(row).props.Environment as { Variables?: Record<string, unknown> } | undefined;
  return env?.Variables ?? {};
}

describe("GIVEN the stateless stack WHEN synthesized", () => {
  it("THEN there is exactly one function per contract route or function and nothing else", () => {
    expect(functions).toHaveLength(rows.length);
    const entries = functions.map(([, f]) => f.Metadata?.["project:entry"]);
    expect(entries.sort()).toEqual(rows.map((r) => r.entry).sort());
  });

  it.each(rows)("THEN $id is Node.js 22 on arm64, traced, named after its row", (row) => {
    const { logicalId, props } = fnOf(row);
    expect(logicalId).toMatch(new RegExp(`^${row.id}[0-9A-F]{8}$`));
    expect(props).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 512,
      Timeout: row.timeoutSeconds ?? 10,
      TracingConfig: { Mode: "Active" },
    });
    const fn = functions.find(([id]) => id === logicalId)?.[1];
    expect(fn?.Metadata?.["project:handler"]).toBe("handler");
  });

  it.each(rows)("THEN $id logs to its own log group kept one year", (row) => {
    const logging = fnOf(row).props.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined;
    const logGroupId = logging?.LogGroup?.Ref;
    expect(logGroupId).toBeDefined();
    const group = app.toJSON().Resources?.[logGroupId ?? ""];
    expect(group?.Type).toBe("AWS::Logs::LogGroup");
    expect(group?.Properties?.RetentionInDays).toBe(365);
  });

  it.each(rows)("THEN $id has the environment its grants imply", (row) => {
    const env = envOf(row);
    expect(env.APP_BASE_URL).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^HttpApi/), "ApiEndpoint"],
    });
    expect(JSON.stringify(env.USER_POOL_ID)).toMatch(/UserPool[0-9A-F]{8}/);
    expect(JSON.stringify(env.USER_POOL_CLIENT_ID)).toMatch(/UserPoolWebClient/);
    // No runtime flag that parses the source map at every cold start.
    expect(env.NODE_OPTIONS).toBeUndefined();
    // Powertools: one service and one metrics namespace, declared once (shared/config.ts).
    expect(env).toMatchObject({ ...POWERTOOLS_ENVIRONMENT });

    const g = row.grants;
    expect("TABLE_NAME" in env).toBe(Boolean(g.data));
    if (g.data) expect(JSON.stringify(env.TABLE_NAME)).toContain("DataTable");
    expect("AUDIT_TABLE_NAME" in env).toBe(Boolean(g.audit));
    if (g.audit) expect(JSON.stringify(env.AUDIT_TABLE_NAME)).toContain("AuditTable");
    // The state machine's own tasks answer tokens without knowing the state machine.
    const namesMachine = g.sfn?.some((a) => a !== "signal") || (g.sfn?.length && !isTask(row));
    expect("STATE_MACHINE_ARN" in env).toBe(Boolean(namesMachine));
    if (namesMachine)
      expect(env.STATE_MACHINE_ARN).toEqual({ Ref: expect.stringMatching(/^ProposalLifecycle/) });
    expect(env.MAILER).toBe(g.mail ? "ses" : undefined);
    expect(env.MAIL_FROM).toBe(g.mail ? "no-reply@example.org" : undefined);
    expect(env.KEYS).toBe(g.personalData ? "kms" : undefined);
    expect("PERSONAL_DATA_KEY_ID" in env).toBe(Boolean(g.personalData));
  });

  it.each(rows)("THEN $id has every variable its handler requires at cold start", (row) => {
    const env = envOf(row);
    const missing = environmentOf(row.grants).filter((name) => !(name in env));
    expect(missing).toEqual([]);
  });

  it("THEN no function role carries an AWS managed policy", () => {
    for (const [id, role] of resourcesOfType(app, "AWS::IAM::Role")) {
      expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
    }
  });
});
