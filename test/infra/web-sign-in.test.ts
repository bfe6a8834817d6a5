import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp, IN_PROCESS_APP_PROPS } from "../../infra/build-app.ts";
import { ROUTES } from "../../shared/contract/index.ts";
import { assertEntriesExist, mergeTemplates, resourcesOfType, synthProject } from "./synth.ts";

/** The app synthesized with extra context (as `-c key=value` would pass it). */
function synthWith(context: Record<string, string>): { data: Template; app: Template } {
  assertEntriesExist();
  const app = new App({
    ...IN_PROCESS_APP_PROPS,
    context: { ...IN_PROCESS_APP_PROPS.context, ...context },
  });
  const stacks = buildApp(app);
  const assembly = app.synth();
  return {
    data: Template.fromJSON(assembly.getStackByName(stacks.data.stackName).template),
    app: Template.fromJSON(
      mergeTemplates(
        [stacks.api, ...stacks.routes, stacks.stage].map(
          (stack) => assembly.getStackByName(stack.stackName).template,
        ),
      ),
    ),
  };
}

function clientOf(app: Template): Record<string, unknown> {
  const clients = resourcesOfType(app, "AWS::Cognito::UserPoolClient");
  expect(clients).toHaveLength(1);
  return clients[0]?.[1].Properties ?? {};
}

function envByEntry(app: Template): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [, fn] of resourcesOfType(app, "AWS::Lambda::Function")) {
    const env = fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined;
    out.set(String(fn.Metadata?.["project:entry"]), env?.Variables ?? {});
  }
  return out;
}

let deployed: { data: Template; app: Template };
let defaults: { data: Template; app: Template };

beforeAll(() => {
  deployed = synthWith({ appBaseUrl: "https://app.example.vn/", authDomainPrefix: "hlhpn-p8" });
  const project = synthProject();
  defaults = { data: project.dataTemplate, app: project.appTemplate };
});

describe("GIVEN the web sign-in WHEN synthesized with -c appBaseUrl and -c authDomainPrefix", () => {
  it("THEN the user pool has a managed login domain with that prefix", () => {
    const domains = resourcesOfType(deployed.data, "AWS::Cognito::UserPoolDomain");
    expect(domains).toHaveLength(1);
    expect(domains[0]?.[1].Properties).toMatchObject({
      Domain: "hlhpn-p8",
      UserPoolId: { Ref: expect.stringMatching(/^UserPool[0-9A-F]{8}$/) },
    });
  });

  it("THEN the web client's callback is <appBaseUrl>/auth/callback, with the code flow and openid/email/profile", () => {
    expect(clientOf(deployed.app)).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
      CallbackURLs: ["https://app.example.vn/auth/callback"],
      LogoutURLs: ["https://app.example.vn/app"],
    });
  });

  it("THEN every web function (pages and sign-in) gets SIGN_IN_URL and the managed login's AUTH_DOMAIN; JSON routes do not", () => {
    const envs = envByEntry(deployed.app);
    const web = ROUTES.filter((r) => r.entry.startsWith("functions/web/"));
    expect(web.map((r) => r.id)).toEqual(expect.arrayContaining(["WebSignIn", "WebInbox"]));
    for (const r of web) {
      const env = envs.get(r.entry) ?? {};
      expect(env.SIGN_IN_URL, r.id).toBe("/auth/sign-in");
      const domain = JSON.stringify(env.AUTH_DOMAIN);
      expect(domain, r.id).toContain("https://");
      expect(domain, r.id).toMatch(/ExportsOutputRefUserPoolHostedUiDomain[0-9A-F]{8}/);
      expect(domain, r.id).toContain(".amazoncognito.com");
      // redirect_uri is built from APP_BASE_URL: it must be the registered callback's base.
      expect(env.APP_BASE_URL, r.id).toBe("https://app.example.vn");
    }
    for (const r of ROUTES.filter((x) => !x.entry.startsWith("functions/web/"))) {
      expect("SIGN_IN_URL" in (envs.get(r.entry) ?? {}), r.id).toBe(false);
    }
  });

  it("THEN the sign-in, callback and sign-out routes are public GET routes at the gateway", () => {
    const keys = resourcesOfType(deployed.app, "AWS::ApiGatewayV2::Route")
      .filter(([, r]) => String(r.Properties?.RouteKey).includes("/auth/"))
      .map(([, r]) => [r.Properties?.RouteKey, r.Properties?.AuthorizationType]);
    expect(keys.sort()).toEqual([
      ["GET /auth/callback", "NONE"],
      ["GET /auth/sign-in", "NONE"],
      ["GET /auth/sign-out", "NONE"],
    ]);
  });
});

describe("GIVEN the web sign-in WHEN synthesized without appBaseUrl (a first deployment)", () => {
  it("THEN the callback and sign-out URLs are derived from the API endpoint, in the same deployment", () => {
    defaults.data.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: "project8-local",
    });
    const client = clientOf(defaults.app);
    const api = { "Fn::GetAtt": [expect.stringMatching(/^HttpApi/), "ApiEndpoint"] };
    expect(client.CallbackURLs).toEqual([{ "Fn::Join": ["", [api, "/auth/callback"]] }]);
    expect(client.LogoutURLs).toEqual([{ "Fn::Join": ["", [api, "/app"]] }]);
  });

  it("THEN -c callbackUrls / logoutUrls add further URLs (e.g. a developer's localhost)", () => {
    const withLocal = synthWith({
      callbackUrls: "http://localhost:3000/auth/callback",
      logoutUrls: "http://localhost:3000/",
    });
    const client = clientOf(withLocal.app);
    expect(client.CallbackURLs).toEqual([
      expect.objectContaining({ "Fn::Join": expect.anything() }),
      "http://localhost:3000/auth/callback",
    ]);
    expect(client.LogoutURLs).toEqual([
      expect.objectContaining({ "Fn::Join": expect.anything() }),
      "http://localhost:3000/",
    ]);
  });

  it("THEN the JWT authorizer's audience is the client of the same stack", () => {
    const [authorizer] = resourcesOfType(defaults.app, "AWS::ApiGatewayV2::Authorizer");
    const [clientId] = resourcesOfType(defaults.app, "AWS::Cognito::UserPoolClient").map(
      ([id]) => id,
    );
    const jwt = authorizer?.[1].Properties?.JwtConfiguration as { Audience: unknown[] };
    expect(jwt.Audience).toEqual([{ Ref: clientId }]);
  });

  it("THEN the app stack says which callback URL the client must allow", () => {
    const outputs = defaults.app.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.WebSignInCallbackUrl?.Value)).toContain("/auth/callback");
  });
});
