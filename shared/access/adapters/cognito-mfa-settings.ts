import { cognito } from "../../aws/cognito.ts";
import type { MfaSettingsReader } from "../use-cases/mfa-claim.ts";

/** AdminGetUser (the trigger's one grant: cognito-idp:AdminGetUser on its own user pool). */
export const cognitoMfaSettings: MfaSettingsReader = {
  async settingsOf(userPoolId, username) {
    const out = await cognito<{ UserMFASettingList?: string[] }>("AdminGetUser", {
      UserPoolId: userPoolId,
      Username: username,
    });
    return out.UserMFASettingList;
  },
};
