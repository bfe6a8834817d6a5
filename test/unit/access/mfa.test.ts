import type { PreTokenGenerationV2TriggerEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lambdaHandler as preTokenGeneration } from "../../../functions/auth/pre-token-generation.ts";
import { actorFromClaims } from "../../../shared/access/actor.ts";
import {
  MFA_CLAIM,
  MFA_ENROL_PATH,
  MFA_REQUIRED_ROLES,
  mfaClaimOf,
  mfaProblemOf,
} from "../../../shared/access/domain/mfa.ts";
import type { TotpEnrolment } from "../../../shared/access/ports.ts";
import {
  finishTotpEnrolment,
  groupedSecret,
  otpauthUri,
  startTotpEnrolment,
} from "../../../shared/access/use-cases/enrol-totp.ts";
import {
  type MfaSettingsReader,
  mfaClaimsFor,
} from "../../../shared/access/use-cases/mfa-claim.ts";
import { problemOf } from "../../../shared/http/problem.ts";
import { MfaRequiredError, ValidationError } from "../../../shared/kernel/errors.ts";
import { ROLES, type Role } from "../../../shared/kernel/types.ts";
import { type FakeAws, startFakeAws, withEnv } from "../../support/fake-aws.ts";

const OPTIONAL_ROLES: Role[] = ["commune_officer", "auditor"];

describe("GIVEN the MFA rule of the privileged groups", () => {
  it("THEN exactly admin, national, province, finance, unit lead and approver need it; commune officers and auditors do not", () => {
    expect([...MFA_REQUIRED_ROLES].sort()).toEqual(
      [
        "admin",
        "central_officer",
        "province_officer",
        "finance_officer",
        "unit_lead",
        "approver",
      ].sort(),
    );
    expect(ROLES.filter((r) => !MFA_REQUIRED_ROLES.includes(r)).sort()).toEqual(
      [...OPTIONAL_ROLES].sort(),
    );
  });

  it.each(MFA_REQUIRED_ROLES)(
    "WHEN a %s token lacks the claim, or says none THEN it is refused naming the enrolment; with totp it passes",
    (role) => {
      for (const claims of [{}, { [MFA_CLAIM]: "none" }, { [MFA_CLAIM]: "TOTP" }]) {
        const problem = mfaProblemOf("u1", role, claims);
        expect(problem).toMatch(/authenticator app \(TOTP\)/);
        expect(problem).toContain(MFA_ENROL_PATH);
      }
      expect(mfaProblemOf("u1", role, { [MFA_CLAIM]: "totp" })).toBeUndefined();
    },
  );

  it.each(OPTIONAL_ROLES)("WHEN a %s token has no claim THEN it passes", (role) => {
    expect(mfaProblemOf("u1", role, {})).toBeUndefined();
    expect(mfaProblemOf("u1", role, { [MFA_CLAIM]: "none" })).toBeUndefined();
  });

  it("WHEN the user pool lists the user's MFA methods THEN the claim is totp only with SOFTWARE_TOKEN_MFA", () => {
    expect(mfaClaimOf(["SOFTWARE_TOKEN_MFA"])).toBe("totp");
    expect(mfaClaimOf(["SMS_MFA"])).toBe("none");
    expect(mfaClaimOf([])).toBe("none");
    expect(mfaClaimOf(undefined)).toBe("none");
  });

  it("WHEN an approver's token without the claim reaches the actor THEN a 403 mfa-required problem names the fix and the page, before any directory read", async () => {
    const claims = {
      token_use: "id",
      "cognito:username": "approver.batxat",
      "cognito:groups": ["approver"],
      "custom:unit": "RU-BX",
    };
    const err = await actorFromClaims(claims).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfaRequiredError);
    const problem = problemOf(err, "/v1/tasks");
    expect(problem).toMatchObject({
      type: "/problems/mfa-required",
      status: 403,
      enrol: MFA_ENROL_PATH,
      title: "Authenticator app (TOTP) required",
    });
    expect(String(problem.fix)).toMatch(/enrol an authenticator app \(TOTP\)/);
    expect(problem.detail).toContain("approver.batxat (approver)");
  });
});

describe("GIVEN the pre-token-generation trigger", () => {
  const reader = (settings: readonly string[] | undefined) => {
    const calls: string[] = [];
    const r: MfaSettingsReader = {
      async settingsOf(pool, user) {
        calls.push(`${pool}/${user}`);
        return settings;
      },
    };
    return { r, calls };
  };

  it("WHEN a commune officer or auditor signs in THEN no claim and no lookup (their sign-in never depends on it)", async () => {
    const { r, calls } = reader(["SOFTWARE_TOKEN_MFA"]);
    expect(await mfaClaimsFor(r, "pool", "c1", ["commune_officer"])).toEqual({});
    expect(await mfaClaimsFor(r, "pool", "a1", ["auditor", "not-a-role"])).toEqual({});
    expect(calls).toEqual([]);
  });

  it("WHEN a privileged user signs in THEN the claim says whether TOTP is enabled", async () => {
    const on = reader(["SOFTWARE_TOKEN_MFA"]);
    expect(await mfaClaimsFor(on.r, "pool", "ap", ["approver"])).toEqual({ [MFA_CLAIM]: "totp" });
    expect(on.calls).toEqual(["pool/ap"]);
    const off = reader(undefined);
    expect(await mfaClaimsFor(off.r, "pool", "ad", ["admin"])).toEqual({ [MFA_CLAIM]: "none" });
  });

  describe("WHEN the Lambda handler runs with the pool's event", () => {
    let cognito: FakeAws;
    let restore: () => void;
    beforeAll(async () => {
      cognito = await startFakeAws();
      restore = withEnv({
        AWS_REGION: "ap-southeast-1",
        AWS_ACCESS_KEY_ID: "PreTokenGeneration",
        AWS_SECRET_ACCESS_KEY: "s",
        AWS_SESSION_TOKEN: undefined,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
      });
    });
    afterAll(async () => {
      restore();
      await cognito.stop();
    });
    const event = (groups: string[]) =>
      ({
        version: "2",
        triggerSource: "TokenGeneration_HostedAuth",
        region: "ap-southeast-1",
        userPoolId: "ap-southeast-1_Pool",
        userName: "finance.laocai",
        callerContext: { awsSdkVersion: "x", clientId: "client" },
        request: { userAttributes: {}, groupConfiguration: { groupsToOverride: groups } },
        response: { claimsAndScopeOverrideDetails: {} },
      }) as unknown as PreTokenGenerationV2TriggerEvent;

    it("THEN it asks AdminGetUser of its own pool and writes the claim into the ID token", async () => {
      cognito.answer(() => ({
        headers: { "content-type": "application/x-amz-json-1.1" },
        body: JSON.stringify({
          Username: "finance.laocai",
          UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
        }),
      }));
      const out = await preTokenGeneration(event(["finance_officer"]));
      const asked = cognito.seen.at(-1);
      expect(asked?.headers["x-amz-target"]).toBe("AWSCognitoIdentityProviderService.AdminGetUser");
      expect(asked?.headers.authorization).toContain("/ap-southeast-1/cognito-idp/aws4_request");
      expect(JSON.parse(String(asked?.body))).toEqual({
        UserPoolId: "ap-southeast-1_Pool",
        Username: "finance.laocai",
      });
      expect(out.response.claimsAndScopeOverrideDetails).toEqual({
        idTokenGeneration: { claimsToAddOrOverride: { [MFA_CLAIM]: "totp" } },
      });
    });

    it("THEN a failed lookup fails the sign-in instead of claiming totp", async () => {
      cognito.answer(() => ({
        status: 400,
        headers: { "x-amzn-errortype": "UserNotFoundException" },
        body: JSON.stringify({ __type: "UserNotFoundException", message: "User does not exist." }),
      }));
      await expect(preTokenGeneration(event(["admin"]))).rejects.toMatchObject({
        name: "UserNotFoundException",
        message: "User does not exist.",
      });
    });
  });
});

describe("GIVEN the TOTP enrolment", () => {
  const port = (ok: boolean) => {
    const seen: string[] = [];
    const p: TotpEnrolment = {
      async associate(token) {
        seen.push(`associate ${token}`);
        return { secret: "JBSWY3DPEHPK3PXPJBSWY3DP" };
      },
      async verify(token, code) {
        seen.push(`verify ${token} ${code}`);
        return ok ? "enabled" : "wrong-code";
      },
    };
    return { p, seen };
  };

  it("WHEN started THEN the secret comes with an otpauth link for the phone's app", async () => {
    const { p } = port(true);
    const s = await startTotpEnrolment(p, "access-1", "approver.batxat");
    expect(s.uri).toBe(
      "otpauth://totp/Project8%3Aapprover.batxat?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Project8&algorithm=SHA1&digits=6&period=30",
    );
    expect(otpauthUri("S", "a b")).toContain("Project8%3Aa%20b");
    expect(groupedSecret("JBSWY3DPEHPK")).toBe("JBSW Y3DP EHPK");
  });

  it("WHEN the code is not six digits THEN a field error and no call; a six-digit code (spaces allowed) is checked", async () => {
    const { p, seen } = port(false);
    for (const bad of [undefined, "", "12345", "1234567", "12a456"]) {
      await expect(finishTotpEnrolment(p, "t", bad)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(seen).toEqual([]);
    expect(await finishTotpEnrolment(p, "t", "123 456")).toBe("wrong-code");
    expect(seen).toEqual(["verify t 123456"]);
    expect(await finishTotpEnrolment(port(true).p, "t", "654321")).toBe("enabled");
  });
});
