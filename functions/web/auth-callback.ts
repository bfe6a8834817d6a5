import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { actorFromClaims } from "../../shared/access/actor.ts";
import { tokenVerifier } from "../../shared/access/adapters/token-verifier.ts";
import {
  clearAttemptCookie,
  completeSignIn,
  DEFAULT_NEXT,
  decodeAttempt,
  enrolmentCookie,
  SIGN_IN_COOKIE,
  SignInError,
  sessionCookie,
  type UserCheck,
} from "../../shared/access/use-cases/web-sign-in.ts";
import { clock } from "../../shared/clock.ts";
import { pipeline } from "../../shared/http/middleware.ts";
import { securityHeaders } from "../../shared/http/security-headers.ts";
import { ForbiddenError, MfaRequiredError, UnauthorizedError } from "../../shared/kernel/errors.ts";
import { logger } from "../../shared/logger.ts";
import { observed } from "../../shared/observability.ts";
import { cookieValue } from "../../shared/web/session.ts";
import { redirectTo, signInErrorPage } from "../../shared/web/sign-in-pages.ts";
import { signInEnvironment } from "./auth-environment.ts";

/**
 * A verified user the application knows: an ID token, exactly one role group, a unit in the
 * directory; otherwise the problem, named.
 */
async function knownUser(claims: Record<string, unknown>): Promise<UserCheck> {
  try {
    await actorFromClaims(claims);
    return { known: true };
  } catch (err) {
    // Privileged without TOTP: signed in, but only to enrol (the page then asks to sign in again).
    if (err instanceof MfaRequiredError) return { known: true, next: err.enrolPath };
    if (err instanceof UnauthorizedError || err instanceof ForbiddenError) {
      return { known: false, problem: err.message };
    }
    throw err;
  }
}

/**
 * GET /auth/callback?code&state: where the Cognito managed login returns. Checks the state
 * against the p8_signin cookie, exchanges the code (PKCE), verifies the ID token, sets the
 * p8_token session cookie (a browser-session cookie; the token inside is good until its own
 * expiry) and redirects to where the visitor was
 * going. Failures are a small bilingual page. Changes no domain state.
 */
async function lambdaHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const cookie = cookieValue(event.cookies, SIGN_IN_COOKIE);
  const next = decodeAttempt(cookie)?.next ?? DEFAULT_NEXT;
  const retry = `/auth/sign-in?next=${encodeURIComponent(next)}`;
  let secure = true;
  try {
    const env = signInEnvironment();
    if (env.mode === "local") return signInErrorPage("state", retry);
    secure = env.secure;
    const done = await completeSignIn(
      { query: event.queryStringParameters ?? {}, attemptCookie: cookie },
      {
        config: env.config,
        fetch: (url, init) => fetch(url, init),
        verifier: tokenVerifier(),
        knownUser,
        nowSeconds: Math.floor(clock.nowMs() / 1000),
      },
    );
    return redirectTo(done.next, [
      clearAttemptCookie(secure),
      sessionCookie(done.token, secure),
      // The access token only for the enrolment page, and only when it is needed there.
      ...(done.enrol && done.accessToken ? [enrolmentCookie(done.accessToken, secure)] : []),
    ]);
  } catch (err) {
    const clear = [clearAttemptCookie(secure)];
    if (err instanceof SignInError) {
      logger.warn("sign-in refused", { reason: err.reason, detail: err.message });
      return err.reason === "unknown-user"
        ? signInErrorPage(err.reason, undefined, clear, err.message)
        : signInErrorPage(err.reason, retry, clear);
    }
    logger.error("sign-in callback failed", { route: event.routeKey, error: (err as Error).name });
    return signInErrorPage("internal", retry, clear);
  }
}

export const handler = observed(
  pipeline<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(
    lambdaHandler,
  ),
).use(securityHeaders());
export { lambdaHandler };
