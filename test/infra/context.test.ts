/**
 * The context a deployment must give, and the synthesis errors that say what is missing
 * (issue 16: "the domain prefix required from context with a clear synth error").
 */
import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { buildApp, IN_PROCESS_APP_PROPS } from "../../infra/build-app.ts";
import { synthProject } from "./synth.ts";

/** Builds the app as `cdk synth` would, with only the given context (no in-process defaults). */
function build(context: Record<string, string>) {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { "aws:cdk:bundling-stacks": [], ...context },
  });
  return buildApp(app);
}

describe("GIVEN a synthesis for AWS WHEN context is missing or malformed", () => {
  it("THEN without authDomainPrefix it fails with a message that says what to pass", () => {
    expect(() => build({})).toThrow(
      /context authDomainPrefix is required: .*-c authDomainPrefix=<your-prefix>.*cdk\.json/,
    );
  });

  it.each(["Project8", "-p8", "my-aws-login", "a_b", "x".repeat(64)])(
    "THEN the prefix %s is refused as Cognito would refuse it",
    (prefix) => {
      expect(() => build({ authDomainPrefix: prefix })).toThrow(/is not a Cognito domain prefix/);
    },
  );

  it("THEN a sender outside mailDomain is refused (the SES identity would not cover it)", () => {
    expect(() =>
      build({
        authDomainPrefix: "hlhpn-p8",
        mailDomain: "hlhpn.vn",
        mailFrom: "no-reply@gmail.com",
      }),
    ).toThrow(/mailFrom "no-reply@gmail.com" must be an address of mailDomain "hlhpn.vn"/);
  });

  it.each([
    ["alarmEmail", "ops"],
    ["appBaseUrl", "http://app.example.vn"],
    ["digestRetentionYears", "0"],
    ["reservedConcurrency", "maybe"],
  ])("THEN %s=%s is refused naming the key", (key, value) => {
    expect(() => build({ authDomainPrefix: "hlhpn-p8", [key]: value })).toThrow(
      new RegExp(`context ${key} must be`),
    );
  });

  it("THEN with a valid prefix it builds, and the in-process props give tests and the local stack theirs", () => {
    expect(() => build({ authDomainPrefix: "hlhpn-laocai-p8" })).not.toThrow();
    expect(IN_PROCESS_APP_PROPS.context.authDomainPrefix).toBe("project8-local");
    const project = synthProject();
    project.dataTemplate.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: "project8-local",
    });
  });
});
