import { MFA_CLAIM, type MfaClaim, mfaClaimOf, mfaRequiredForGroups } from "../domain/mfa.ts";

/** A user's MFA methods as the user pool lists them (AdminGetUser's UserMFASettingList). */
export interface MfaSettingsReader {
  settingsOf(userPoolId: string, username: string): Promise<readonly string[] | undefined>;
}

/**
 * The ID token claims the pre-token-generation trigger adds. Steps: 1. a user in no privileged
 * group gets none (no lookup: a commune officer's sign-in never depends on it); 2. otherwise
 * the user's MFA settings are read and the claim says "totp" when TOTP is enabled — which, in
 * an OPTIONAL pool, means this sign-in was challenged for it — or "none". A failed lookup
 * fails the sign-in (Cognito shows an error): closed, never "totp" by default.
 */
export async function mfaClaimsFor(
  reader: MfaSettingsReader,
  userPoolId: string,
  username: string,
  groups: readonly string[],
): Promise<Record<string, MfaClaim>> {
  if (!mfaRequiredForGroups(groups)) return {};
  return { [MFA_CLAIM]: mfaClaimOf(await reader.settingsOf(userPoolId, username)) };
}
