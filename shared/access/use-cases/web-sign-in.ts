import type { JWTPayload } from "jose";
import { createHash, randomBytes, timingSafeEqual } from "../../kernel/node-crypto.ts";
import type { TokenVerifier } from "../adapters/token-verifier.ts";
import { isSameSitePath } from "../domain/redirect.ts";

/**
 * Web sign-in on AWS: the Cognito managed login with the authorization code flow and PKCE,
 * turned into the `p8_token` cookie the pages read (shared/web/session.ts).
 *
 * GET /auth/sign-in?next=/app/...  → a verifier, a state and `next` in a short-lived HttpOnly
 *   cookie scoped to the callback; 302 to <AUTH_DOMAIN>/oauth2/authorize (S256 challenge).
 * GET /auth/callback?code&state    → the state must match the cookie's; the code is exchanged at
 *   <AUTH_DOMAIN>/oauth2/token with the verifier (the client has no secret); the ID token is
 *   verified like every page verifies it; `p8_token` is set for the token's lifetime; 302 to next.
 *
 * Everything but the exchange is pure; the exchange takes `fetch` as a parameter.
 */

/** The cookie holding the sign-in in progress (state, PKCE verifier, where to go next). */
export const SIGN_IN_COOKIE = "p8_signin";
/** The session cookie of the pages (shared/web/session.ts reads it). */
export const TOKEN_COOKIE = "p8_token";
export const CALLBACK_PATH = "/auth/callback";
/** Seconds a visitor has to complete the managed login. */
export const SIGN_IN_TTL_SECONDS = 600;
/** Where to go after signing in when no (acceptable) `next` was given. */
export const DEFAULT_NEXT = "/app";
/**
 * `aws.cognito.signin.user.admin` makes the access token good for the user's own Cognito calls
 * (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference): the TOTP enrolment page.
 */
export const SCOPES = "openid email profile aws.cognito.signin.user.admin";
/**
 * The access token for the TOTP enrolment page only (path /app/mfa, SameSite=Strict), set at a
 * privileged sign-in without MFA; the session itself stays the ID token (p8_token).
 */
export const ENROLMENT_COOKIE = "p8_enrol";
export const ENROLMENT_PATH = "/app/mfa";

export interface SignInAttempt {
  state: string;
  verifier: string;
  next: string;
}

export interface SignInConfig {
  /** Base URL of the Cognito managed login, e.g. https://p8.auth.ap-southeast-1.amazoncognito.com. */
  authDomain: string;
  clientId: string;
  /** <APP_BASE_URL>/auth/callback: a callback URL registered on the client. */
  redirectUri: string;
}

/** Why a sign-in could not complete; safe to show (never carries a token or a code). */
export type SignInFailure =
  /** No sign-in in progress, or its state does not match (expired, other tab, forged). */
  | "state"
  /** The managed login returned an error (e.g. the user cancelled). */
  | "denied"
  /** The token endpoint refused the code or could not be reached. */
  | "exchange"
  /** The ID token did not verify. */
  | "token"
  /** The token verified but the application does not know the user (no role, unit or directory entry). */
  | "unknown-user";

export class SignInError extends Error {
  override name = "SignInError";
  constructor(
    readonly reason: SignInFailure,
    message: string,
  ) {
    super(message);
  }
}

const b64url = (bytes: Buffer): string => bytes.toString("base64url");

/** Only paths of this site (see isSameSitePath); anything else goes to DEFAULT_NEXT. */
export function safeNext(next: string | null | undefined): string {
  return isSameSitePath(next) ? next : DEFAULT_NEXT;
}

/** RFC 7636 S256: base64url(SHA-256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return b64url(createHash("sha256").update(verifier, "ascii").digest());
}

/** A new attempt: 32 random bytes each for the state and the verifier (43 base64url chars). */
export function newAttempt(
  next: string | null | undefined,
  random: (n: number) => Buffer = randomBytes,
): SignInAttempt {
  return { state: b64url(random(32)), verifier: b64url(random(32)), next: safeNext(next) };
}

/** The cookie value of an attempt: base64url JSON (no personal data, nothing signed: see checkState). */
export function encodeAttempt(a: SignInAttempt): string {
  return b64url(Buffer.from(JSON.stringify({ s: a.state, v: a.verifier, n: a.next }), "utf8"));
}

export function decodeAttempt(value: string | undefined): SignInAttempt | undefined {
  if (!value || value.length > 4096) return undefined;
  try {
    const o: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (typeof o !== "object" || o === null) return undefined;
    const { s, v, n } = o as Record<string, unknown>;
    if (typeof s !== "string" || typeof v !== "string" || typeof n !== "string") return undefined;
    if (!/^[\w-]{43,128}$/.test(s) || !/^[\w-]{43,128}$/.test(v)) return undefined;
    return { state: s, verifier: v, next: safeNext(n) };
  } catch {
    return undefined;
  }
}

/** Whether the state returned by the managed login is the one of the attempt (constant time). */
export function checkState(attempt: SignInAttempt | undefined, state: string | undefined): boolean {
  if (!attempt || !state) return false;
  const a = Buffer.from(attempt.state);
  const b = Buffer.from(state);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are Secure everywhere but on the local stack's plain-HTTP loopback address. */
export function cookiesSecure(appBaseUrl: string): boolean {
  return !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(appBaseUrl);
}

export interface CookieOptions {
  path: string;
  /** Omitted: a browser-session cookie (no Max-Age, no Expires), gone when the browser closes. */
  maxAgeSeconds?: number;
  secure: boolean;
}

/** A Set-Cookie value: always HttpOnly and SameSite=Lax (the callback is a top-level GET). */
export function setCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${value}`,
    "HttpOnly",
    ...(o.secure ? ["Secure"] : []),
    "SameSite=Lax",
    `Path=${o.path}`,
    ...(o.maxAgeSeconds === undefined
      ? []
      : [`Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`]),
  ].join("; ");
}

export function attemptCookie(a: SignInAttempt, secure: boolean): string {
  return setCookie(SIGN_IN_COOKIE, encodeAttempt(a), {
    path: CALLBACK_PATH,
    maxAgeSeconds: SIGN_IN_TTL_SECONDS,
    secure,
  });
}

/** Deletes the attempt cookie: an attempt is used once. */
export function clearAttemptCookie(secure: boolean): string {
  return setCookie(SIGN_IN_COOKIE, "", { path: CALLBACK_PATH, maxAgeSeconds: 0, secure });
}

/**
 * The session cookie: a browser-session cookie (no Max-Age: closing the browser ends it), while
 * the server accepts the token inside only until its own expiry (`exp`, one hour for Cognito's
 * ID tokens), checked on every request.
 */
export function sessionCookie(token: string, secure: boolean): string {
  return setCookie(TOKEN_COOKIE, token, { path: "/", secure });
}

/**
 * The access token for the enrolment page: HttpOnly, path /app/mfa (no other page receives it),
 * a browser-session cookie, set only at a privileged sign-in without MFA.
 */
export function enrolmentCookie(accessToken: string, secure: boolean): string {
  return setCookie(ENROLMENT_COOKIE, accessToken, { path: ENROLMENT_PATH, secure });
}

/** Deletes the enrolment cookie (enrolment done, or sign-out). */
export function clearEnrolmentCookie(secure: boolean): string {
  return setCookie(ENROLMENT_COOKIE, "", { path: ENROLMENT_PATH, maxAgeSeconds: 0, secure });
}

/** Deletes the session cookie (sign-out). */
export function clearSessionCookie(secure: boolean): string {
  return setCookie(TOKEN_COOKIE, "", { path: "/", maxAgeSeconds: 0, secure });
}

/**
 * Cognito's logout endpoint: it ends the managed login's own session (so the next sign-in asks
 * for the password again) and returns to `logoutUri`, a sign-out URL registered on the client
 * (infra/stateless-stack.ts registers <app base URL>/app).
 */
export function logoutUrl(
  cfg: Pick<SignInConfig, "authDomain" | "clientId">,
  logoutUri: string,
): string {
  const q = new URLSearchParams({ client_id: cfg.clientId, logout_uri: logoutUri });
  return `${cfg.authDomain.replace(/\/+$/, "")}/logout?${q.toString()}`;
}

/** <authDomain>/oauth2/authorize for an attempt (code flow, S256 challenge). */
export function authorizeUrl(cfg: SignInConfig, a: SignInAttempt): string {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: SCOPES,
    state: a.state,
    code_challenge: pkceChallenge(a.verifier),
    code_challenge_method: "S256",
  });
  return `${cfg.authDomain.replace(/\/+$/, "")}/oauth2/authorize?${q.toString()}`;
}

/** The local stack's demo sign-in, coming back to `next`. */
export function localSignInUrl(next: string | null | undefined): string {
  return `/_local/login?next=${encodeURIComponent(safeNext(next))}`;
}

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Exchanges an authorization code at <authDomain>/oauth2/token (public client: client_id and
 * the PKCE verifier, no secret) and returns the ID token. Throws SignInError("exchange").
 */
export async function exchangeCode(
  cfg: SignInConfig,
  code: string,
  verifier: string,
  fetchFn: FetchFn,
): Promise<string> {
  return (await exchangeTokens(cfg, code, verifier, fetchFn)).idToken;
}

/** exchangeCode's ID token, with the access token when the endpoint returned one. */
export async function exchangeTokens(
  cfg: SignInConfig,
  code: string,
  verifier: string,
  fetchFn: FetchFn,
): Promise<{ idToken: string; accessToken?: string }> {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    client_id: cfg.clientId,
    code,
    redirect_uri: cfg.redirectUri,
    code_verifier: verifier,
  });
  let res: Response;
  try {
    res = await fetchFn(`${cfg.authDomain.replace(/\/+$/, "")}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: body.toString(),
      signal: AbortSignal.timeout(5000),
    });
  } catch (err) {
    throw new SignInError("exchange", `token endpoint unreachable (${(err as Error).name})`);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  const o = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  if (!res.ok) {
    // Cognito's error codes (invalid_grant, ...) are safe to log; descriptions are not needed.
    const code = typeof o.error === "string" ? o.error.slice(0, 40) : "unknown";
    throw new SignInError("exchange", `token endpoint answered ${res.status} ${code}`);
  }
  if (typeof o.id_token !== "string" || o.id_token.length === 0) {
    throw new SignInError("exchange", "token endpoint returned no id_token");
  }
  return {
    idToken: o.id_token,
    ...(typeof o.access_token === "string" && o.access_token !== ""
      ? { accessToken: o.access_token }
      : {}),
  };
}

export interface CallbackInput {
  /** The query of GET /auth/callback. */
  query: Readonly<Record<string, string | undefined>>;
  /** The p8_signin cookie's value. */
  attemptCookie: string | undefined;
}

/**
 * Whether the application knows a verified user; if not, what is wrong (safe to show). `next`
 * overrides where the user goes (the TOTP enrolment page for a privileged user without MFA).
 */
export type UserCheck = { known: true; next?: string } | { known: false; problem: string };

export interface CallbackDeps {
  config: SignInConfig;
  fetch: FetchFn;
  verifier: TokenVerifier;
  /**
   * Whether the application knows a verified user (role group, unit, directory). Without this
   * check an unknown user would bounce between the pages and the sign-in forever.
   */
  knownUser?: (claims: JWTPayload) => Promise<UserCheck>;
  nowSeconds: number;
}

export interface SignedIn {
  token: string;
  /** The access token of the sign-in (for the TOTP enrolment page). */
  accessToken?: string;
  /** The user must enrol TOTP first (next is the enrolment page). */
  enrol?: boolean;
  /** Seconds until the ID token expires (the session's server-side lifetime). */
  maxAgeSeconds: number;
  next: string;
}

/**
 * Completes a sign-in. Steps: 1. the managed login's error, if any; 2. the state against the
 * attempt cookie; 3. the code exchange; 4. the ID token verified (signature, issuer, audience,
 * expiry; an ID token, not an access token); 5. the user known to the application.
 * Throws SignInError; changes nothing anywhere.
 */
export async function completeSignIn(input: CallbackInput, deps: CallbackDeps): Promise<SignedIn> {
  const attempt = decodeAttempt(input.attemptCookie);
  if (input.query.error) {
    throw new SignInError("denied", `managed login error ${input.query.error.slice(0, 40)}`);
  }
  if (!checkState(attempt, input.query.state) || !attempt) {
    throw new SignInError("state", "no sign-in in progress with this state");
  }
  const code = input.query.code;
  if (!code || code.length > 2048) throw new SignInError("exchange", "no authorization code");
  const { idToken: token, accessToken } = await exchangeTokens(
    deps.config,
    code,
    attempt.verifier,
    deps.fetch,
  );
  const claims = await deps.verifier.verify(token);
  if (!claims) throw new SignInError("token", "the ID token did not verify");
  if (claims.token_use !== "id") throw new SignInError("token", "not an ID token");
  const maxAgeSeconds = (claims.exp ?? 0) - deps.nowSeconds;
  if (maxAgeSeconds <= 0) throw new SignInError("token", "the ID token has expired");
  const check = deps.knownUser ? await deps.knownUser(claims) : { known: true as const };
  if (!check.known) throw new SignInError("unknown-user", check.problem);
  return {
    token,
    maxAgeSeconds,
    next: check.next ?? attempt.next,
    ...(check.next === ENROLMENT_PATH ? { enrol: true } : {}),
    ...(accessToken ? { accessToken } : {}),
  };
}
