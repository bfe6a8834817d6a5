import { ValidationError } from "../../kernel/errors.ts";
import type { TotpEnrolment } from "../ports.ts";

/** The issuer an authenticator app shows next to the account. */
export const TOTP_ISSUER = "Project8";

/** The otpauth:// link an authenticator app on the phone opens (RFC 6238 key URI format). */
export function otpauthUri(secret: string, username: string): string {
  const label = encodeURIComponent(`${TOTP_ISSUER}:${username}`);
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${TOTP_ISSUER}&algorithm=SHA1&digits=6&period=30`;
}

/** The secret in groups of four, easier to type into an app. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, "$1 ");

/**
 * Starts the enrolment. Steps: 1. Cognito associates a new secret with the user (the access
 * token names them); 2. the secret and its otpauth link, for the page.
 */
export async function startTotpEnrolment(
  port: TotpEnrolment,
  accessToken: string,
  username: string,
): Promise<{ secret: string; uri: string }> {
  const { secret } = await port.associate(accessToken);
  return { secret, uri: otpauthUri(secret, username) };
}

/**
 * Finishes it. Steps: 1. the code must be six digits (else a field error); 2. Cognito checks it
 * against the associated secret; 3. on success TOTP is enabled and preferred: the next sign-in
 * asks for a code, and its token carries the MFA claim.
 */
export async function finishTotpEnrolment(
  port: TotpEnrolment,
  accessToken: string,
  rawCode: string | undefined,
): Promise<"enabled" | "wrong-code"> {
  const code = (rawCode ?? "").replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) {
    throw new ValidationError("the code must be the 6 digits the app shows", [
      { field: "code", message: "must be 6 digits" },
    ]);
  }
  return port.verify(accessToken, code, "authenticator");
}
