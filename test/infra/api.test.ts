import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { answersHead } from "../../shared/contract/define.ts";
import { ROUTES, SCHEDULED_FUNCTIONS } from "../../shared/contract/index.ts";
import { type CfnResource, functionIdByEntry, resourcesOfType, synthProject } from "./synth.ts";

let app: Template;
let routes: [string, CfnResource][];

beforeAll(() => {
  app = synthProject().appTemplate;
  routes = resourcesOfType(app, "AWS::ApiGatewayV2::Route");
});

function routeOf(method: string, path: string): Record<string, unknown> {
  const found = routes.filter(([, r]) => r.Properties?.RouteKey === `${method} ${path}`);
  expect(found, `${method} ${path}`).toHaveLength(1);
  return found[0]?.[1].Properties ?? {};
}

describe("GIVEN the HTTP API WHEN synthesized", () => {
  it("THEN it has exactly one route per ROUTES row, and a HEAD twin for each page", () => {
    expect(routes.map(([, r]) => r.Properties?.RouteKey).sort()).toEqual(
      ROUTES.flatMap((r) => [
        `${r.method} ${r.path}`,
        ...(answersHead(r) ? [`HEAD ${r.path}`] : []),
      ]).sort(),
    );
  });

  it("THEN a page's HEAD route invokes the same function as its GET route", () => {
    const pages = ROUTES.filter(answersHead);
    expect(pages.map((r) => r.path)).toContain("/l/{linkId}");
    for (const r of pages) {
      expect(routeOf("HEAD", r.path).Target, r.path).toEqual(routeOf("GET", r.path).Target);
    }
  });

  it.each(ROUTES)("THEN $method $path uses auth $auth", (row) => {
    const route = routeOf(row.method, row.path);
    if (row.auth === "jwt") {
      expect(route.AuthorizationType).toBe("JWT");
      const [authorizerId] = Object.keys(app.findResources("AWS::ApiGatewayV2::Authorizer"));
      expect(route.AuthorizerId).toEqual({ Ref: authorizerId });
    } else {
      expect(route.AuthorizationType).toBe("NONE");
      expect(route.AuthorizerId).toBeUndefined();
    }
  });

  it.each(ROUTES)("THEN $method $path invokes $entry with payload 2.0", (row) => {
    const target = routeOf(row.method, row.path).Target as { "Fn::Join": [string, unknown[]] };
    const integrationRef = target["Fn::Join"][1][1] as { Ref: string };
    const integration = app.toJSON().Resources?.[integrationRef.Ref];
    expect(integration?.Type).toBe("AWS::ApiGatewayV2::Integration");
    expect(integration?.Properties).toMatchObject({
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [functionIdByEntry(app, row.entry), "Arn"] },
    });
  });

  it("THEN the JWT authorizer trusts the Cognito pool and the web client", () => {
    const authorizers = resourcesOfType(app, "AWS::ApiGatewayV2::Authorizer");
    expect(authorizers).toHaveLength(1);
    const props = authorizers[0]?.[1].Properties ?? {};
    expect(props.AuthorizerType).toBe("JWT");
    expect(props.IdentitySource).toEqual(["$request.header.Authorization"]);
    const jwt = props.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
    const issuer = JSON.stringify(jwt.Issuer);
    expect(issuer).toContain("https://cognito-idp.");
    expect(issuer).toContain('{"Ref":"AWS::Region"}');
    expect(issuer).toMatch(/ExportsOutputRefUserPool[0-9A-F]{8}/);
    expect(jwt.Audience).toHaveLength(1);
    expect(JSON.stringify(jwt.Audience)).toContain("UserPoolWebClient");
  });

  it("THEN the default stage auto-deploys and writes JSON access logs", () => {
    const stages = resourcesOfType(app, "AWS::ApiGatewayV2::Stage");
    expect(stages).toHaveLength(1);
    const props = stages[0]?.[1].Properties ?? {};
    expect(props.StageName).toBe("$default");
    expect(props.AutoDeploy).toBe(true);
    const logs = props.AccessLogSettings as { Format: string; DestinationArn: unknown };
    expect(JSON.parse(logs.Format)).toMatchObject({ requestId: "$context.requestId" });
    expect(logs.Format).not.toContain("$context.path");
  });

  it("THEN each scheduled function has an EventBridge rule with its schedule", () => {
    const rules = resourcesOfType(app, "AWS::Events::Rule");
    expect(rules).toHaveLength(Object.keys(SCHEDULED_FUNCTIONS).length);
    for (const def of Object.values(SCHEDULED_FUNCTIONS)) {
      const fnId = functionIdByEntry(app, def.entry);
      const rule = rules.find(([, r]) =>
        JSON.stringify(r.Properties?.Targets).includes(`"Fn::GetAtt":["${fnId}","Arn"]`),
      );
      expect(rule?.[1].Properties?.ScheduleExpression).toBe(def.schedule);
    }
  });
});
