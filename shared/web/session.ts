import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { actorFromClaims, type RequestActor } from "../access/actor.ts";
import { tokenVerifier } from "../access/adapters/token-verifier.ts";
import { MFA_CLAIM } from "../access/domain/mfa.ts";
import { UnauthorizedError } from "../kernel/errors.ts";
import { createHash, timingSafeEqual } from "../kernel/node-crypto.ts";

/** The cookie the sign-in sets (HttpOnly, SameSite=Lax): a Cognito-like ID token. */
export const TOKEN_COOKIE = "p8_token";

export interface WebSession {
  actor: RequestActor;
  /** The raw token: the secret the per-form CSRF tokens are derived from. */
  token: string;
  /** On the enrolment page only: whether this sign-in used TOTP (the MFA claim). */
  mfaEnrolled?: boolean;
}

export function cookieValue(
  cookies: readonly string[] | undefined,
  name: string,
): string | undefined {
  const c = (cookies ?? []).find((x) => x.startsWith(`${name}=`));
  return c ? decodeURIComponent(c.slice(name.length + 1)) : undefined;
}

/**
 * The signed-in user of a page request, from the `p8_token` cookie or an `Authorization:
 * Bearer` header, verified like the API's JWT authorizer would (signature, issuer, audience,
 * expiry), then by the rules of every path (shared/access/domain/identity.ts): undefined when
 * not signed in or the token is not a usable ID token (an access token, say), so the page
 * sends the visitor to sign in; a ForbiddenError naming the problem when the token is fine but
 * the user is not set up (two role groups, no unit), which signing in again would not fix; an
 * MfaRequiredError for a privileged sign-in without TOTP (except on the enrolment page,
 * `mfaEnrolment`).
 */
export async function sessionOf(
  event: Pick<APIGatewayProxyEventV2, "cookies" | "headers">,
  opts: { mfaEnrolment?: boolean } = {},
): Promise<WebSession | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? "")?.[1];
  const token = bearer ?? cookieValue(event.cookies, TOKEN_COOKIE);
  if (!token) return undefined;
  const claims = await tokenVerifier().verify(token);
  if (!claims) return undefined;
  try {
    const actor = await actorFromClaims(claims as Record<string, unknown>, opts);
    return {
      actor,
      token,
      ...(opts.mfaEnrolment ? { mfaEnrolled: claims[MFA_CLAIM] === "totp" } : {}),
    };
  } catch (err) {
    if (err instanceof UnauthorizedError) return undefined;
    throw err;
  }
}

/**
 * A per-form CSRF token bound to the session and to the form's target: SHA-256 over the
 * session's token (which a cross-site page cannot read: HttpOnly) and the action path.
 * Together with SameSite=Lax on the cookie, a forged cross-site POST cannot decide anything.
 */
export function csrfToken(session: WebSession, action: string): string {
  return createHash("sha256").update(`csrf\n${session.token}\n${action}`).digest("base64url");
}

export function csrfValid(session: WebSession, action: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(csrfToken(session, action));
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The fields of an application/x-www-form-urlencoded body (API Gateway may base64 it). */
export function formOf(
  event: Pick<APIGatewayProxyEventV2, "body" | "isBase64Encoded">,
): Record<string, string> {
  const raw =
    event.isBase64Encoded && event.body
      ? Buffer.from(event.body, "base64").toString("utf8")
      : (event.body ?? "");
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Where to sign in: Cognito's hosted UI on AWS (SIGN_IN_URL), the demo sign-in locally. */
export function signInUrl(next: string): string {
  const base = process.env.SIGN_IN_URL ?? "/_local/login";
  return `${base}${base.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}
