/**
 * Abuse limits (issue 16 part 4): stage throttling with tighter limits per public route,
 * reserved concurrency for the functions behind public routes, and the optional CloudFront +
 * WAF front with per-IP rate rules (`-c waf=true`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import {
  PUBLIC_ROUTE_LIMITS,
  publicRouteClass,
  STAGE_DEFAULT_LIMIT,
} from "../../infra/abuse-limits.ts";
import { applyNagChecks } from "../../infra/build-app.ts";
import { WAF_RATE_LIMITS } from "../../infra/edge.ts";
import { answersHead } from "../../shared/contract/define.ts";
import { ROUTES } from "../../shared/contract/index.ts";
import {
  type CfnResource,
  functionIdByEntry,
  resourcesOfType,
  type SynthesizedProject,
  synthProject,
} from "./synth.ts";

let app: Template;

beforeAll(() => {
  app = synthProject().appTemplate;
});

const publicRoutes = ROUTES.filter((r) => r.auth === "none");
const json = (v: unknown): string => JSON.stringify(v) ?? "";

function stageProps(template: Template): Record<string, unknown> {
  const [stage] = resourcesOfType(template, "AWS::ApiGatewayV2::Stage");
  return stage?.[1].Properties ?? {};
}

describe("GIVEN the HTTP API stage WHEN synthesized", () => {
  it("THEN every route has the default throttle", () => {
    expect(stageProps(app).DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: STAGE_DEFAULT_LIMIT.rateLimit,
      ThrottlingBurstLimit: STAGE_DEFAULT_LIMIT.burstLimit,
    });
  });

  it("THEN each public route has a tighter rate and burst of its own, and no JWT route has one", () => {
    const settings = stageProps(app).RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    // A page's HEAD twin is throttled like its GET.
    expect(Object.keys(settings).sort()).toEqual(
      publicRoutes
        .flatMap((r) => [`${r.method} ${r.path}`, ...(answersHead(r) ? [`HEAD ${r.path}`] : [])])
        .sort(),
    );
    expect(settings["HEAD /l/{linkId}"]).toEqual(settings["GET /l/{linkId}"]);
    for (const r of publicRoutes) {
      const s = settings[`${r.method} ${r.path}`];
      expect(s?.ThrottlingRateLimit, r.id).toBeLessThan(STAGE_DEFAULT_LIMIT.rateLimit);
      expect(s?.ThrottlingBurstLimit, r.id).toBeLessThan(STAGE_DEFAULT_LIMIT.burstLimit);
    }
    // The email-link pages and the docs are the tightest.
    expect(settings["GET /l/{linkId}"]?.ThrottlingRateLimit).toBe(
      PUBLIC_ROUTE_LIMITS["email-link"].rateLimit,
    );
    expect(settings["POST /l/{linkId}"]?.ThrottlingRateLimit).toBe(
      PUBLIC_ROUTE_LIMITS["email-link"].rateLimit,
    );
    expect(settings["GET /auth/sign-in"]?.ThrottlingRateLimit).toBe(
      PUBLIC_ROUTE_LIMITS["sign-in"].rateLimit,
    );
    expect(settings["GET /docs"]?.ThrottlingRateLimit).toBe(PUBLIC_ROUTE_LIMITS.docs.rateLimit);
  });

  it("THEN the stage is deployed after every route group's stack (its settings name their routes)", () => {
    const project = synthProject();
    const after = project.stage.dependencies.map((s) => s.stackName);
    expect(project.routes.length).toBeGreaterThan(1);
    for (const routes of project.routes) expect(after).toContain(routes.stackName);
  });

  it("THEN the link, sign-in and docs paths are classified as such", () => {
    expect(publicRouteClass({ path: "/l/{linkId}" })).toBe("email-link");
    expect(publicRouteClass({ path: "/auth/callback" })).toBe("sign-in");
    expect(publicRouteClass({ path: "/openapi.json" })).toBe("docs");
    expect(publicRouteClass({ path: "/app/tasks" })).toBe("page");
  });
});

describe("GIVEN the functions WHEN synthesized", () => {
  const reserved = (template: Template, entry: string) =>
    (template.toJSON().Resources?.[functionIdByEntry(template, entry)] as CfnResource | undefined)
      ?.Properties?.ReservedConcurrentExecutions;

  it("THEN each function behind a public route has reserved concurrency of its class", () => {
    for (const r of publicRoutes) {
      expect(reserved(app, r.entry), r.id).toBe(
        PUBLIC_ROUTE_LIMITS[publicRouteClass(r)].reservedConcurrency,
      );
    }
  });

  it("THEN JWT routes and workflow functions share the account's pool", () => {
    for (const r of ROUTES.filter((x) => x.auth === "jwt"))
      expect(reserved(app, r.entry), r.id).toBeUndefined();
  });

  it("THEN -c reservedConcurrency=false reserves nothing (accounts with a low concurrency quota)", () => {
    const off = synthProject(undefined, { reservedConcurrency: "false" }).appTemplate;
    for (const [id, fn] of resourcesOfType(off, "AWS::Lambda::Function")) {
      expect(fn.Properties?.ReservedConcurrentExecutions, id).toBeUndefined();
    }
  });
});

describe("GIVEN -c waf=true WHEN synthesized (with cdk-nag)", () => {
  let project: SynthesizedProject;
  let report: { pluginReports: { violations: { ruleName: string }[] }[] };

  beforeAll(() => {
    project = synthProject(applyNagChecks, {
      waf: "true",
      account: "111122223333",
      region: "ap-southeast-1",
    });
    report = JSON.parse(
      readFileSync(path.join(project.app.outdir, "validation-report.json"), "utf8"),
    );
  });

  it("THEN the web ACL is in us-east-1 for CloudFront, with managed rules and per-IP rate rules", () => {
    expect(project.edgeTemplate).toBeDefined();
    const edge = project.edgeTemplate as Template;
    const [, acl] = resourcesOfType(edge, "AWS::WAFv2::WebACL")[0] ?? ["", { Type: "" }];
    expect(acl.Properties).toMatchObject({ Scope: "CLOUDFRONT", DefaultAction: { Allow: {} } });
    const rules = acl.Properties?.Rules as {
      Name: string;
      Action?: unknown;
      Statement: Record<
        string,
        { Limit?: number; AggregateKeyType?: string; ScopeDownStatement?: unknown }
      >;
    }[];
    const rate = rules.filter((r) => r.Statement.RateBasedStatement);
    expect(
      rate.map((r) => [
        r.Name,
        r.Statement.RateBasedStatement?.Limit,
        r.Statement.RateBasedStatement?.AggregateKeyType,
      ]),
    ).toEqual([
      ["RateLimitPublicPaths", WAF_RATE_LIMITS.publicPaths, "IP"],
      ["RateLimitPerIp", WAF_RATE_LIMITS.anyPath, "IP"],
    ]);
    for (const r of rate) expect(r.Action).toEqual({ Block: {} });
    const scoped = json(rate[0]?.Statement.RateBasedStatement?.ScopeDownStatement);
    for (const prefix of ["/l/", "/auth/", "/docs", "/openapi.json"])
      expect(scoped).toContain(`"SearchString":"${prefix}"`);
    expect(json(rules)).toContain("AWSManagedRulesCommonRuleSet");
    expect(json(rules)).toContain("AWSManagedRulesAmazonIpReputationList");
    const stack = project.app.node.findChild("Project8Edge") as { region?: string };
    expect(stack.region).toBe("us-east-1");
  });

  it("THEN CloudFront fronts the API with that ACL, no caching, HTTPS and security headers", () => {
    const [, dist] = resourcesOfType(project.appTemplate, "AWS::CloudFront::Distribution")[0] ?? [
      "",
      { Type: "" },
    ];
    const config = dist.Properties?.DistributionConfig as {
      WebACLId: unknown;
      Origins: { DomainName: unknown }[];
      DefaultCacheBehavior: unknown;
    };
    expect(json(config.WebACLId)).toContain("WebAcl");
    expect(json(config.Origins[0]?.DomainName)).toContain("ApiEndpoint");
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: "redirect-to-https",
      // Managed policies: CachingDisabled, AllViewerExceptHostHeader, SecurityHeadersPolicy.
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      ResponseHeadersPolicyId: "67f7725c-6f97-4210-82d7-5512b31e9d03",
    });
  });

  it("THEN links and the web sign-in use the CloudFront address", () => {
    const [, client] = resourcesOfType(project.appTemplate, "AWS::Cognito::UserPoolClient")[0] ?? [
      "",
      { Type: "" },
    ];
    expect(json(client.Properties?.CallbackURLs)).toContain("EdgeDistribution");
    const [, fn] = resourcesOfType(project.appTemplate, "AWS::Lambda::Function").find(
      ([, f]) => f.Metadata?.["project:entry"],
    ) ?? ["", { Type: "" }];
    expect(
      json((fn.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables),
    ).toMatch(/"APP_BASE_URL":\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetAtt":\["EdgeDistribution/);
  });

  it("THEN cdk-nag has no unacknowledged finding in any of the three stacks", () => {
    expect(report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName))).toEqual([]);
  });

  it("THEN without an explicit region the flag is refused with a message naming what is missing", () => {
    expect(() => synthProject(undefined, { waf: "true" })).toThrow(
      /waf=true .* -c account=<account id> -c region=<region>/,
    );
  });
});
