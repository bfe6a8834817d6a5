/** What the access use cases need from outside. */

/**
 * TOTP enrolment of the signed-in user, with their own access token (Cognito's
 * AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference; no IAM: the access token
 * is the credential).
 */
export interface TotpEnrolment {
  /** Starts an enrolment: the secret the authenticator app is given (typed, or from the link). */
  associate(accessToken: string): Promise<{ secret: string }>;
  /**
   * Checks the app's first code; on success TOTP is enabled and preferred for the user, so every
   * sign-in from then on asks for a code. "wrong-code" when the code does not match.
   */
  verify(accessToken: string, code: string, deviceName: string): Promise<"enabled" | "wrong-code">;
}
