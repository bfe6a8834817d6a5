import type { Role } from "../../kernel/types.ts";

/**
 * MFA for the privileged groups (issue 15): Cognito sets MFA per user pool, not per group, and
 * the pool stays OPTIONAL so that commune officers without a smartphone can sign in. So the
 * pre-token-generation trigger (functions/auth/pre-token-generation.ts) writes into the ID
 * token of a user in a privileged group whether TOTP is enabled for them — and, since an
 * OPTIONAL pool challenges an enabled TOTP at every sign-in, whether this sign-in used it —
 * and every path (the API's actor, the pages' session, the sign-in callback) refuses a
 * privileged token without it, except the enrolment page. Pure.
 */

/** The ID token claim the trigger sets for privileged users: "totp" when enrolled, else "none". */
export const MFA_CLAIM = "p8_mfa";

export type MfaClaim = "totp" | "none";

/** Roles that must sign in with TOTP on AWS; commune officers and auditors may not have a phone. */
export const MFA_REQUIRED_ROLES: readonly Role[] = [
  "admin",
  "central_officer",
  "province_officer",
  "finance_officer",
  "unit_lead",
  "approver",
];

/** The page that guides the enrolment (functions/web/mfa-page.ts). */
export const MFA_ENROL_PATH = "/app/mfa";

/** The MFA method Cognito lists in AdminGetUser's UserMFASettingList for TOTP. */
export const TOTP_SETTING = "SOFTWARE_TOKEN_MFA";

export const mfaRequired = (role: Role): boolean => MFA_REQUIRED_ROLES.includes(role);

/** Whether a token's user is in a group that needs the MFA lookup (groups as Cognito lists them). */
export const mfaRequiredForGroups = (groups: readonly string[]): boolean =>
  groups.some((g) => (MFA_REQUIRED_ROLES as readonly string[]).includes(g));

/** The claim for a user's MFA settings (AdminGetUser's UserMFASettingList). */
export const mfaClaimOf = (settings: readonly string[] | undefined): MfaClaim =>
  settings?.includes(TOTP_SETTING) ? "totp" : "none";

/**
 * Why a verified token of this role may not be used, or undefined when it may: a privileged
 * role needs the claim "totp" (a missing claim — a pool without the trigger — fails closed).
 */
export function mfaProblemOf(
  id: string,
  role: Role,
  claims: Readonly<Record<string, unknown>>,
): string | undefined {
  if (!mfaRequired(role) || claims[MFA_CLAIM] === "totp") return undefined;
  return `user ${id} (${role}) must sign in with an authenticator app (TOTP): enrol one at ${MFA_ENROL_PATH}, then sign in again`;
}
