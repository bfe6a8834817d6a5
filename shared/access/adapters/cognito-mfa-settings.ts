import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { MfaSettingsReader } from "../use-cases/mfa-claim.ts";

const client = new CognitoIdentityProviderClient({});

/** AdminGetUser (the trigger's one grant: cognito-idp:AdminGetUser on its own user pool). */
export const cognitoMfaSettings: MfaSettingsReader = {
  async settingsOf(userPoolId, username) {
    const out = await client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
    return out.UserMFASettingList;
  },
};
