import type { RouteDef } from "./routes.ts";

/**
 * Web sign-in through the Cognito managed login (authorization code + PKCE). Both routes are
 * public at the gateway: they run before there is a session. They change no domain state; the
 * callback reads the directory only to refuse a user the application does not know (which
 * would otherwise bounce between the pages and the sign-in).
 */
export const AUTH_ROUTES: readonly RouteDef[] = [
  {
    id: "WebSignIn",
    method: "GET",
    path: "/auth/sign-in",
    entry: "functions/web/auth-sign-in.ts",
    auth: "none",
    grants: {},
  },
  {
    id: "WebSignInCallback",
    method: "GET",
    path: "/auth/callback",
    entry: "functions/web/auth-callback.ts",
    auth: "none",
    grants: { data: "read" },
  },
];
