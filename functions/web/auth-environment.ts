import {
  CALLBACK_PATH,
  cookiesSecure,
  type SignInConfig,
} from "../../shared/access/use-cases/web-sign-in.ts";
import { config } from "../../shared/config.ts";

export type SignInEnvironment =
  | { mode: "local" }
  | { mode: "cognito"; config: SignInConfig; secure: boolean };

/**
 * The sign-in of this environment. Cognito when AUTH_DOMAIN is set (on AWS); the local stack's
 * demo sign-in otherwise, and always on the local stack (LOCAL_STACK=1), whose merged
 * template environment carries an AUTH_DOMAIN that no local service answers.
 */
export function signInEnvironment(env: NodeJS.ProcessEnv = process.env): SignInEnvironment {
  const authDomain = env.AUTH_DOMAIN;
  if (!authDomain || env.LOCAL_STACK === "1") return { mode: "local" };
  const clientId = env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error("USER_POOL_CLIENT_ID must be set for the web sign-in");
  const base = config.appBaseUrl;
  return {
    mode: "cognito",
    config: { authDomain, clientId, redirectUri: `${base}${CALLBACK_PATH}` },
    secure: cookiesSecure(base),
  };
}
