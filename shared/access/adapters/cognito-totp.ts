import { cognito } from "../../aws/cognito.ts";
import { UnauthorizedError } from "../../kernel/errors.ts";
import type { TotpEnrolment } from "../ports.ts";

/** An expired or revoked access token: the user signs in again and comes back. */
function signInAgain(err: unknown): never {
  if ((err as Error).name === "NotAuthorizedException") {
    throw new UnauthorizedError("the sign-in has expired: sign in again to enrol");
  }
  throw err;
}

/** The user's own TOTP enrolment in the Cognito user pool (calls authorized by the access token). */
export const cognitoTotp: TotpEnrolment = {
  async associate(accessToken) {
    const out = await cognito<{ SecretCode?: string }>("AssociateSoftwareToken", {
      AccessToken: accessToken,
    }).catch(signInAgain);
    if (!out.SecretCode) throw new Error("AssociateSoftwareToken returned no secret");
    return { secret: out.SecretCode };
  },
  async verify(accessToken, code, deviceName) {
    try {
      const out = await cognito<{ Status?: string }>("VerifySoftwareToken", {
        AccessToken: accessToken,
        UserCode: code,
        FriendlyDeviceName: deviceName,
      });
      if (out.Status !== "SUCCESS") return "wrong-code";
    } catch (err) {
      const name = (err as Error).name;
      if (name === "CodeMismatchException" || name === "EnableSoftwareTokenMFAException")
        return "wrong-code";
      signInAgain(err);
    }
    await cognito("SetUserMFAPreference", {
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }).catch(signInAgain);
    return "enabled";
  },
};
