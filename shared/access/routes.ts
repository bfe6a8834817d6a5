/**
 * Web sign-in through the Cognito managed login (authorization code + PKCE). Both routes are
 * public at the gateway: they run before there is a session. They change no domain state; the
 * callback reads the directory only to refuse a user the application does not know.
 */
import { defineRoute } from "../contract/define.ts";

export const WebSignIn = /* @__PURE__ */ defineRoute({
  id: "WebSignIn",
  method: "GET",
  path: "/auth/sign-in",
  entry: "functions/web/auth-sign-in.ts",
  auth: "none",
  grants: {},
  successStatus: 302,
  request: {
    queryDocs: { next: "where to go after signing in: a path of this site (default /app)" },
  },
  doc: {
    tag: "Web",
    summary: "Start the web sign-in (Cognito managed login, code flow with PKCE)",
    summaryVi: "Bắt đầu đăng nhập trang web",
    description:
      "Redirects (302) to the Cognito managed login with a PKCE challenge (S256) and a state kept, with the verifier, in a short-lived HttpOnly cookie (p8_signin, 10 minutes, path /auth/callback). On the local stack it redirects to the demo sign-in /_local/login. Pages without a session send visitors here.",
  },
});

export const WebSignInCallback = /* @__PURE__ */ defineRoute({
  id: "WebSignInCallback",
  method: "GET",
  path: "/auth/callback",
  entry: "functions/web/auth-callback.ts",
  auth: "none",
  grants: { data: "read" },
  successStatus: 302,
  request: {
    queryDocs: { code: "authorization code from the managed login", state: "the state sent" },
  },
  doc: {
    tag: "Web",
    summary: "Complete the web sign-in: sets the p8_token session cookie and returns to next",
    summaryVi: "Hoàn tất đăng nhập trang web",
    description:
      "Where the managed login returns. Checks the state against the p8_signin cookie, exchanges the code with the PKCE verifier, verifies the ID token (issuer, audience, expiry, token_use id) and that the user is in exactly one role group and has a unit, sets p8_token (HttpOnly, Secure, SameSite=Lax, Path=/, a browser-session cookie without Max-Age; the token inside is accepted until its own expiry) and redirects (302) to next — or, for a privileged user whose sign-in did not use TOTP (p8_mfa), to the enrolment page /app/mfa, with the access token in p8_enrol (HttpOnly, path /app/mfa). A failure shows a short page in Vietnamese and English. Changes no data.",
  },
});

export const WebSignOut = /* @__PURE__ */ defineRoute({
  id: "WebSignOut",
  method: "GET",
  path: "/auth/sign-out",
  entry: "functions/web/auth-sign-out.ts",
  auth: "none",
  grants: {},
  successStatus: 302,
  doc: {
    tag: "Web",
    summary: "Sign out: clears the session cookie and ends the managed login's session",
    summaryVi: "Đăng xuất",
    description:
      "Deletes p8_token and redirects (302) to the Cognito logout endpoint, which ends the managed login's own session and returns to /app (so the next visit asks for the password again). On the local stack it returns to the demo sign-in /_local/login. A GET, so that a plain link signs out; it changes no data. The ID token itself cannot be revoked in Cognito: a copy taken before signing out stays valid until its expiry (one hour).",
  },
});

export const WebMfaPage = /* @__PURE__ */ defineRoute({
  id: "WebMfaPage",
  method: "GET",
  path: "/app/mfa",
  entry: "functions/web/mfa-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: {
    queryDocs: { next: "where to go once enrolled (a path of this site)", lang: "vi | en" },
  },
  doc: {
    tag: "Web",
    summary: "Authenticator app (TOTP) enrolment page",
    summaryVi: "Trang đăng ký ứng dụng xác thực (TOTP)",
    description:
      "The one page a privileged user (admin, central, province, finance, unit lead, approver) signed in without TOTP may open; every other page sends them here (303) and the API answers 403 mfa-required. Shows whether this sign-in used TOTP and the enrolment form. Changes nothing.",
  },
});

export const WebMfaAction = /* @__PURE__ */ defineRoute({
  id: "WebMfaAction",
  method: "POST",
  path: "/app/mfa",
  entry: "functions/web/post-mfa-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { form: true },
  doc: {
    tag: "Web",
    summary: "TOTP enrolment form post: start (a new secret), verify (the app's first code)",
    summaryVi: "Gửi biểu mẫu đăng ký TOTP",
    description:
      "application/x-www-form-urlencoded with `_csrf` and `op` = start | verify (`code`: 6 digits). Calls Cognito with the sign-in's access token (the p8_enrol cookie, path /app/mfa): AssociateSoftwareToken, then VerifySoftwareToken and SetUserMFAPreference (TOTP enabled and preferred). Changes the user's MFA settings in the user pool only; then the user signs in again, with a code.",
  },
});

export const WebHome = /* @__PURE__ */ defineRoute({
  id: "WebHome",
  method: "GET",
  path: "/app",
  entry: "functions/web/home.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary:
      "Landing page of each role: what it does first, with cheap counts (tasks due, returned proposals, payments awaited)",
    summaryVi: "Trang chủ theo vai trò",
    description:
      "Where the sign-in lands and the header's home link goes. Links to the role's pages (from the access policy) and a few counts read through indexes (the reviewing unit's open and overdue tasks, the commune's returned proposals and drafts, the province's approved proposals awaiting payment, the province's overdue reviews). Reads only.",
  },
});

export const ACCESS_ROUTES = [
  WebSignIn,
  WebSignInCallback,
  WebSignOut,
  WebMfaPage,
  WebMfaAction,
  WebHome,
];
