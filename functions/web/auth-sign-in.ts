import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import {
  attemptCookie,
  authorizeUrl,
  localSignInUrl,
  newAttempt,
} from "../../shared/access/use-cases/web-sign-in.ts";
import { pipeline } from "../../shared/http/middleware.ts";
import { securityHeaders } from "../../shared/http/security-headers.ts";
import { logger } from "../../shared/logger.ts";
import { observed } from "../../shared/observability.ts";
import { redirectTo, signInErrorPage } from "../../shared/web/sign-in-pages.ts";
import { signInEnvironment } from "./auth-environment.ts";

/**
 * GET /auth/sign-in?next=/app/...: starts the Cognito managed login (code flow + PKCE) and
 * comes back to `next` (same-origin paths only). On the local stack: the demo sign-in.
 * Changes no domain state.
 */
async function lambdaHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const next = event.queryStringParameters?.next;
  try {
    const env = signInEnvironment();
    if (env.mode === "local") return redirectTo(localSignInUrl(next));
    const attempt = newAttempt(next);
    return redirectTo(authorizeUrl(env.config, attempt), [attemptCookie(attempt, env.secure)]);
  } catch (err) {
    logger.error("sign-in failed", { route: event.routeKey, error: (err as Error).name });
    return signInErrorPage("internal", undefined);
  }
}

export const handler = observed(
  pipeline<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(
    lambdaHandler,
  ),
).use(securityHeaders());
export { lambdaHandler };
