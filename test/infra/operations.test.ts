/**
 * Operations (issue 16 part 8): alarms to an SNS topic, one dashboard, SES ready for
 * production (DKIM records as outputs, a configuration set with bounce and complaint events,
 * the sender from context) and an AWS Backup plan for both tables.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";
import { type CfnResource, functionIdByEntry, resourcesOfType, synthProject } from "./synth.ts";

let data: Template;
let app: Template;
let alarms: [string, CfnResource][];

beforeAll(() => {
  const project = synthProject(undefined, {
    alarmEmail: "ops@hlhpn.example.vn",
    mailDomain: "hlhpn.example.vn",
    mailFrom: "thong-bao@hlhpn.example.vn",
  });
  data = project.dataTemplate;
  app = project.appTemplate;
  alarms = resourcesOfType(app, "AWS::CloudWatch::Alarm");
});

const json = (v: unknown): string => JSON.stringify(v) ?? "";

/** The alarm topic of the data stack, as the app stack imports it. */
function alarmTopicImport(): string {
  const [topicId] = resourcesOfType(data, "AWS::SNS::Topic")
    .map(([id]) => id)
    .filter((id) => id.startsWith("AlarmTopic"));
  expect(topicId).toBeDefined();
  return `ExportsOutputRef${topicId}`;
}

function alarmsOn(metricName: string): CfnResource[] {
  return alarms
    .map(([, a]) => a)
    .filter(
      (a) =>
        a.Properties?.MetricName === metricName ||
        json(a.Properties?.Metrics).includes(`"MetricName":"${metricName}"`),
    );
}

describe("GIVEN the alarms WHEN synthesized", () => {
  it("THEN every alarm notifies the alarm topic of the stateful stack", () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, a] of alarms) {
      expect(json(a.Properties?.AlarmActions), id).toContain(alarmTopicImport());
      expect(a.Properties?.TreatMissingData, id).toBe("notBreaching");
    }
  });

  it.each(["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"])(
    "THEN %s of the proposal lifecycle alarms on the first one",
    (metricName) => {
      const [a, ...more] = alarmsOn(metricName);
      expect(more).toEqual([]);
      expect(a?.Properties).toMatchObject({
        Namespace: "AWS/States",
        Statistic: "Sum",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
      expect(json(a?.Properties?.Dimensions)).toContain("ProposalLifecycle");
    },
  );

  it("THEN each function has an alarm on errors + throttles (metric math)", () => {
    const rows = [
      ...ROUTES,
      ...Object.values(WORKFLOW_FUNCTIONS),
      ...Object.values(SCHEDULED_FUNCTIONS),
    ];
    for (const row of rows) {
      const fnId = functionIdByEntry(app, row.entry);
      const mine = alarms.filter(([, a]) => {
        const metrics = json(a.Properties?.Metrics);
        return metrics.includes(`{"Ref":"${fnId}"}`) && metrics.includes('"MetricName":"Errors"');
      });
      expect(mine, row.id).toHaveLength(1);
      const metrics = mine[0]?.[1].Properties?.Metrics as {
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string } };
      }[];
      expect(metrics.find((m) => m.Expression)?.Expression).toBe(
        "FILL(errors, 0) + FILL(throttles, 0)",
      );
      expect(
        metrics
          .map((m) => m.MetricStat?.Metric.MetricName)
          .filter(Boolean)
          .sort(),
      ).toEqual(["Errors", "Throttles"]);
    }
  });

  it("THEN both tables alarm on read and write throttle events", () => {
    for (const table of ["DataTable", "AuditTable"]) {
      const mine = alarms.filter(([, a]) =>
        json(a.Properties?.Metrics).includes(`ExportsOutputRef${table}`),
      );
      expect(mine, table).toHaveLength(1);
      const metrics = json(mine[0]?.[1].Properties?.Metrics);
      expect(metrics).toContain("ReadThrottleEvents");
      expect(metrics).toContain("WriteThrottleEvents");
    }
  });

  it("THEN SES bounce and complaint rates alarm before SES's review thresholds (5 %, 0.1 %)", () => {
    const [bounce] = alarmsOn("Reputation.BounceRate");
    const [complaint] = alarmsOn("Reputation.ComplaintRate");
    expect(bounce?.Properties).toMatchObject({ Namespace: "AWS/SES", Statistic: "Maximum" });
    expect(Number(bounce?.Properties?.Threshold)).toBeLessThan(0.05);
    expect(Number(complaint?.Properties?.Threshold)).toBeLessThan(0.001);
  });

  it("THEN one dashboard shows the alarms, the API, the executions, the functions, the tables and SES", () => {
    const dashboards = resourcesOfType(app, "AWS::CloudWatch::Dashboard");
    expect(dashboards).toHaveLength(1);
    const body = json(dashboards[0]?.[1].Properties?.DashboardBody);
    for (const needle of [
      "alarm",
      "AWS/ApiGateway",
      "AWS/States",
      "AWS/Lambda",
      "AWS/DynamoDB",
      "Reputation.BounceRate",
    ]) {
      expect(body, needle).toContain(needle);
    }
  });
});

describe("GIVEN the operations topics WHEN synthesized with -c alarmEmail", () => {
  it("THEN the alarm and mail-event topics are KMS-encrypted, TLS only, and mail the address", () => {
    const topics = resourcesOfType(data, "AWS::SNS::Topic");
    expect(topics.map(([id]) => id.replace(/[0-9A-F]{8}$/, "")).sort()).toEqual([
      "AlarmTopic",
      "MailEventsTopic",
    ]);
    for (const [id, topic] of topics) {
      expect(json(topic.Properties?.KmsMasterKeyId), id).toContain("OperationsKey");
      const subs = resourcesOfType(data, "AWS::SNS::Subscription").filter(
        ([, s]) => json(s.Properties?.TopicArn) === json({ Ref: id }),
      );
      expect(
        subs.map(([, s]) => s.Properties),
        id,
      ).toEqual([expect.objectContaining({ Protocol: "email", Endpoint: "ops@hlhpn.example.vn" })]);
      const policy = resourcesOfType(data, "AWS::SNS::TopicPolicy").find(([, p]) =>
        json(p.Properties?.Topics).includes(id),
      );
      expect(json(policy?.[1].Properties?.PolicyDocument), id).toContain(
        '"aws:SecureTransport":"false"',
      );
    }
  });

  it("THEN CloudWatch may publish to the alarm topic and SES (its configuration set) to the mail-event topic", () => {
    const policies = resourcesOfType(data, "AWS::SNS::TopicPolicy").map(([, p]) =>
      json(p.Properties),
    );
    expect(policies.find((p) => p.includes("AlarmTopic"))).toContain("cloudwatch.amazonaws.com");
    const mail = policies.find((p) => p.includes("MailEventsTopic")) ?? "";
    expect(mail).toContain("ses.amazonaws.com");
    expect(mail).toContain("configuration-set/");
  });
});

describe("GIVEN SES WHEN synthesized with -c mailDomain and -c mailFrom", () => {
  it("THEN the domain identity uses Easy DKIM and its default configuration set", () => {
    const [identity] = resourcesOfType(data, "AWS::SES::EmailIdentity");
    const [csId] = resourcesOfType(data, "AWS::SES::ConfigurationSet").map(([id]) => id);
    expect(identity?.[1].Properties).toMatchObject({
      EmailIdentity: "hlhpn.example.vn",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: csId } },
    });
    expect(identity?.[1].Properties?.DkimAttributes).not.toEqual({ SigningEnabled: false });
  });

  it("THEN the three DKIM CNAME records are stack outputs", () => {
    const outputs = data.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const n of [1, 2, 3]) {
      const value = json(outputs[`DkimRecord${n}`]?.Value);
      expect(value).toContain(`DkimDNSTokenName${n}`);
      expect(value).toContain(" CNAME ");
      expect(value).toContain(`DkimDNSTokenValue${n}`);
    }
  });

  it("THEN the configuration set keeps reputation metrics, suppresses bounces and complaints, and sends those events to SNS", () => {
    const [, cs] = resourcesOfType(data, "AWS::SES::ConfigurationSet")[0] ?? ["", { Type: "" }];
    expect(cs.Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    const [dest] = resourcesOfType(data, "AWS::SES::ConfigurationSetEventDestination");
    const ed = dest?.[1].Properties?.EventDestination as {
      MatchingEventTypes: string[];
      SnsDestination: unknown;
    };
    expect(ed.MatchingEventTypes).toEqual(expect.arrayContaining(["bounce", "complaint"]));
    expect(json(ed.SnsDestination)).toContain("MailEventsTopic");
  });

  it("THEN mail functions send as the sender from context", () => {
    const senders = resourcesOfType(app, "AWS::Lambda::Function")
      .map(
        ([, f]) =>
          (f.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
            ?.Variables?.MAIL_FROM,
      )
      .filter(Boolean);
    expect(senders.length).toBeGreaterThan(0);
    expect(new Set(senders)).toEqual(new Set(["thong-bao@hlhpn.example.vn"]));
  });
});

describe("GIVEN the backup plan WHEN synthesized", () => {
  it("THEN both tables are backed up daily and kept well beyond point-in-time recovery's 35 days", () => {
    const [, plan] = resourcesOfType(data, "AWS::Backup::BackupPlan")[0] ?? ["", { Type: "" }];
    const rules =
      (plan.Properties?.BackupPlan as { BackupPlanRule?: Record<string, unknown>[] } | undefined)
        ?.BackupPlanRule ?? [];
    const daily = rules.find((r) => r.RuleName === "Daily");
    expect(daily).toMatchObject({ ScheduleExpression: "cron(0 18 * * ? *)" });
    expect(
      (daily?.Lifecycle as { DeleteAfterDays?: number } | undefined)?.DeleteAfterDays,
    ).toBeGreaterThan(35);
    const monthly = rules.find((r) => r.RuleName === "Monthly");
    expect(
      (monthly?.Lifecycle as { DeleteAfterDays?: number } | undefined)?.DeleteAfterDays,
    ).toBeGreaterThanOrEqual(3650);

    const [, selection] = resourcesOfType(data, "AWS::Backup::BackupSelection")[0] ?? [
      "",
      { Type: "" },
    ];
    const resources = json(
      (selection.Properties?.BackupSelection as { Resources?: unknown } | undefined)?.Resources,
    );
    expect(resources).toContain("DataTable");
    expect(resources).toContain("AuditTable");
  });

  it("THEN the vault is retained and refuses manual deletion of recovery points", () => {
    const [, vault] = resourcesOfType(data, "AWS::Backup::BackupVault")[0] ?? ["", { Type: "" }];
    expect((vault as { DeletionPolicy?: string }).DeletionPolicy).toBe("Retain");
    expect(json(vault.Properties?.AccessPolicy)).toContain("backup:DeleteRecoveryPoint");
    expect(json(vault.Properties?.AccessPolicy)).toContain('"Effect":"Deny"');
  });
});
