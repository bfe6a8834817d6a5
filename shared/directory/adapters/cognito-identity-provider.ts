import { cognito } from "../../aws/cognito.ts";
import { config } from "../../config.ts";
import type { IdentityProvider } from "../ports.ts";

/**
 * The sign-in accounts in the Cognito user pool. On the local stack the same calls reach the
 * local user pool (local/aws/cognito/, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), which the
 * local token issuer reads. Each operation is idempotent: an account that exists is not an
 * error, adding to a group twice is none, enabling an enabled account is none.
 */
const named = (err: unknown, name: string) => (err as Error | undefined)?.name === name;

export const cognitoIdentityProvider: IdentityProvider = {
  async ensureActive(u) {
    const UserPoolId = config.userPoolId;
    try {
      await cognito("AdminCreateUser", {
        UserPoolId,
        Username: u.username,
        // Cognito mails the temporary password itself (its invitation message).
        DesiredDeliveryMediums: ["EMAIL"],
        UserAttributes: [
          { Name: "email", Value: u.email },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: u.name },
          { Name: "custom:unit", Value: u.unitId },
        ],
      });
    } catch (err) {
      if (!named(err, "UsernameExistsException")) throw err;
    }
    await cognito("AdminAddUserToGroup", {
      UserPoolId,
      Username: u.username,
      GroupName: u.role,
    });
    await cognito("AdminEnableUser", { UserPoolId, Username: u.username });
  },
  async ensureDisabled(username) {
    const UserPoolId = config.userPoolId;
    try {
      await cognito("AdminDisableUser", { UserPoolId, Username: username });
      await cognito("AdminUserGlobalSignOut", { UserPoolId, Username: username });
    } catch (err) {
      // No account (a user never activated): nothing to disable.
      if (!named(err, "UserNotFoundException")) throw err;
    }
  },
};
