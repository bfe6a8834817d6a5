import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import {
  clearEnrolmentCookie,
  clearSessionCookie,
  cookiesSecure,
  DEFAULT_NEXT,
  localSignInUrl,
  logoutUrl,
} from "../../shared/access/use-cases/web-sign-in.ts";
import { config } from "../../shared/config.ts";
import { pipeline } from "../../shared/http/middleware.ts";
import { securityHeaders } from "../../shared/http/security-headers.ts";
import { observed } from "../../shared/observability.ts";
import { redirectTo } from "../../shared/web/sign-in-pages.ts";
import { signInEnvironment } from "./auth-environment.ts";

/**
 * GET /auth/sign-out: deletes the session cookie and ends the managed login's session too
 * (Cognito's /logout, back to /app, which then asks to sign in); on the local stack, back
 * to the demo sign-in. Changes no domain state.
 */
async function lambdaHandler(
  _event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const env = signInEnvironment();
  if (env.mode === "local") {
    const secure = cookiesSecure(config.appBaseUrl);
    return redirectTo(localSignInUrl(DEFAULT_NEXT), [
      clearSessionCookie(secure),
      clearEnrolmentCookie(secure),
    ]);
  }
  return redirectTo(logoutUrl(env.config, `${config.appBaseUrl}${DEFAULT_NEXT}`), [
    clearSessionCookie(env.secure),
    clearEnrolmentCookie(env.secure),
  ]);
}

export const handler = observed(
  pipeline<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(
    lambdaHandler,
  ),
).use(securityHeaders());
export { lambdaHandler };
