/** The web sign-in (code flow + PKCE): pure parts, then the callback with a fake token endpoint and a local JWKS. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInEnvironment } from "../../functions/web/auth-environment.ts";
import { lambdaHandler as signInHandler } from "../../functions/web/auth-sign-in.ts";
import { lambdaHandler as signOutHandler } from "../../functions/web/auth-sign-out.ts";
import { localVerifier, type TokenVerifier } from "../../shared/access/adapters/token-verifier.ts";
import {
  attemptCookie,
  authorizeUrl,
  type CallbackDeps,
  checkState,
  clearAttemptCookie,
  clearSessionCookie,
  completeSignIn,
  cookiesSecure,
  decodeAttempt,
  encodeAttempt,
  enrolmentCookie,
  exchangeCode,
  type FetchFn,
  localSignInUrl,
  logoutUrl,
  newAttempt,
  pkceChallenge,
  type SignInConfig,
  SignInError,
  safeNext,
  sessionCookie,
} from "../../shared/access/use-cases/web-sign-in.ts";

const CFG: SignInConfig = {
  authDomain: "https://p8.auth.ap-southeast-1.amazoncognito.com",
  clientId: "client-123",
  redirectUri: "https://app.example.vn/auth/callback",
};
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
const ISSUER = "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_TEST";
const NOW = 1_780_000_000;

describe("GIVEN a next address WHEN it is checked", () => {
  it.each([
    ["/app/tasks/T-1?view=unit", "/app/tasks/T-1?view=unit"],
    ["/l/abc", "/l/abc"],
    ["https://evil.example/app", "/app"],
    ["//evil.example/app", "/app"],
    ["/\\evil.example", "/app"],
    ["/app\\..\\x", "/app"],
    ["/app\r\nset-cookie:x", "/app"],
    ["javascript:alert(1)", "/app"],
    ["", "/app"],
    [undefined, "/app"],
  ])("THEN %j becomes %j (same-origin paths only)", (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});

describe("GIVEN a new sign-in attempt", () => {
  it("THEN the S256 challenge follows RFC 7636 (appendix B vector)", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("THEN state and verifier are fresh 256-bit values and next is made safe", () => {
    const a = newAttempt("//evil.example");
    const b = newAttempt("/app/audit");
    expect(a.state).toMatch(/^[\w-]{43}$/);
    expect(a.verifier).toMatch(/^[\w-]{43}$/);
    expect(a.state).not.toBe(b.state);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.next).toBe("/app");
    expect(b.next).toBe("/app/audit");
  });

  it("THEN the authorize URL asks the managed login for a code with the S256 challenge, never the verifier", () => {
    const a = newAttempt("/app/tasks");
    const url = new URL(authorizeUrl({ ...CFG, authDomain: `${CFG.authDomain}/` }, a));
    expect(`${url.origin}${url.pathname}`).toBe(`${CFG.authDomain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "client-123",
      redirect_uri: CFG.redirectUri,
      scope: "openid email profile aws.cognito.signin.user.admin",
      state: a.state,
      code_challenge: pkceChallenge(a.verifier),
      code_challenge_method: "S256",
    });
    expect(url.toString()).not.toContain(a.verifier);
  });

  it("THEN its cookie is HttpOnly, SameSite=Lax, scoped to the callback, short-lived, Secure except on http://127.0.0.1", () => {
    const a = newAttempt("/app/tasks");
    const c = attemptCookie(a, cookiesSecure("https://app.example.vn"));
    expect(c).toMatch(
      /^p8_signin=[\w-]+; HttpOnly; Secure; SameSite=Lax; Path=\/auth\/callback; Max-Age=600$/,
    );
    expect(attemptCookie(a, cookiesSecure("http://127.0.0.1:3000"))).not.toContain("Secure");
    expect(cookiesSecure("http://127.0.0.1.evil.example")).toBe(true);
    expect(clearAttemptCookie(true)).toContain("Max-Age=0");
    // A browser-session cookie: no Max-Age, no Expires (the token's own exp bounds it).
    expect(sessionCookie("tok", true)).toBe("p8_token=tok; HttpOnly; Secure; SameSite=Lax; Path=/");
    expect(clearSessionCookie(false)).toBe("p8_token=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
  });

  it("THEN the cookie round-trips, a tampered one is refused and its next is re-checked", () => {
    const a = newAttempt("/app/tasks/T-9");
    expect(decodeAttempt(encodeAttempt(a))).toEqual(a);
    expect(decodeAttempt("not-json")).toBeUndefined();
    expect(decodeAttempt(undefined)).toBeUndefined();
    expect(decodeAttempt(encodeAttempt({ ...a, state: "short" }))).toBeUndefined();
    expect(decodeAttempt(encodeAttempt({ ...a, next: "https://evil.example" }))?.next).toBe("/app");
    expect(checkState(a, a.state)).toBe(true);
    expect(checkState(a, `${a.state.slice(0, -1)}x`)).toBe(false);
    expect(checkState(undefined, a.state)).toBe(false);
    expect(checkState(a, undefined)).toBe(false);
  });

  it("THEN locally the sign-in is the demo page, with a safe next", () => {
    expect(localSignInUrl("/app/tasks/T-1")).toBe("/_local/login?next=%2Fapp%2Ftasks%2FT-1");
    expect(localSignInUrl("//evil.example")).toBe("/_local/login?next=%2Fapp");
  });
});

// A local issuer: its JWKS served over HTTP, as Cognito serves /.well-known/jwks.json.
let server: Server;
let verifier: TokenVerifier;
let signingKey: SigningKey;
let strangerKey: SigningKey;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  const stranger = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  strangerKey = stranger.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  verifier = localVerifier({
    LOCAL_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    LOCAL_JWT_ISSUER: ISSUER,
    LOCAL_JWT_AUDIENCE: CFG.clientId,
  });
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function idToken(claims: JWTPayload = {}, key: SigningKey = signingKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: ISSUER,
    aud: CFG.clientId,
    iat: now,
    exp: now + 3600,
    "cognito:username": "approver.batxat",
    "cognito:groups": ["approver"],
    "custom:unit": "RU-BX",
    token_use: "id",
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .sign(key);
}

interface Call {
  url: string;
  init: RequestInit;
}

/** A token endpoint that answers `status` with `body`, and records what it was sent. */
function fakeTokenEndpoint(status: number, body: unknown): { fetch: FetchFn; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json" },
      });
    },
  };
}

function deps(fetchFn: FetchFn, extra: Partial<CallbackDeps> = {}): CallbackDeps {
  return {
    config: CFG,
    fetch: fetchFn,
    verifier,
    nowSeconds: Math.floor(Date.now() / 1000),
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SignInError) return err.reason;
    throw err;
  }
  throw new Error("expected a SignInError");
}

describe("GIVEN the managed login returns to the callback", () => {
  it("THEN a matching state exchanges the code with the verifier and yields the verified ID token for its lifetime", async () => {
    const a = newAttempt("/app/tasks/T-7");
    const token = await idToken();
    const endpoint = fakeTokenEndpoint(200, {
      id_token: token,
      access_token: "access",
      token_type: "Bearer",
      expires_in: 3600,
    });
    const done = await completeSignIn(
      { query: { code: "code-1", state: a.state }, attemptCookie: encodeAttempt(a) },
      deps(endpoint.fetch),
    );
    expect(done.token).toBe(token);
    expect(done.next).toBe("/app/tasks/T-7");
    expect(done.maxAgeSeconds).toBeGreaterThan(3500);
    expect(done.maxAgeSeconds).toBeLessThanOrEqual(3600);
    expect(endpoint.calls).toHaveLength(1);
    const call = endpoint.calls[0];
    expect(call?.url).toBe(`${CFG.authDomain}/oauth2/token`);
    expect(call?.init.method).toBe("POST");
    expect(new Headers(call?.init.headers).get("content-type")).toBe(
      "application/x-www-form-urlencoded",
    );
    expect(Object.fromEntries(new URLSearchParams(String(call?.init.body)))).toEqual({
      grant_type: "authorization_code",
      client_id: CFG.clientId,
      code: "code-1",
      redirect_uri: CFG.redirectUri,
      code_verifier: a.verifier,
    });
  });

  it("THEN a wrong or missing state, or no attempt cookie, is refused before any exchange", async () => {
    const a = newAttempt("/app/tasks");
    const endpoint = fakeTokenEndpoint(200, { id_token: await idToken() });
    const other = newAttempt("/app/tasks");
    for (const input of [
      { query: { code: "c", state: other.state }, attemptCookie: encodeAttempt(a) },
      { query: { code: "c" }, attemptCookie: encodeAttempt(a) },
      { query: { code: "c", state: a.state }, attemptCookie: undefined },
    ]) {
      expect(await failure(completeSignIn(input, deps(endpoint.fetch)))).toBe("state");
    }
    expect(endpoint.calls).toEqual([]);
  });

  it("THEN an error from the managed login (e.g. cancelled) is 'denied'", async () => {
    const a = newAttempt("/app/tasks");
    const endpoint = fakeTokenEndpoint(200, {});
    const reason = await failure(
      completeSignIn(
        { query: { error: "access_denied", state: a.state }, attemptCookie: encodeAttempt(a) },
        deps(endpoint.fetch),
      ),
    );
    expect(reason).toBe("denied");
    expect(endpoint.calls).toEqual([]);
  });

  it("THEN a refused code, an unreachable endpoint or an answer without id_token is 'exchange'", async () => {
    const a = newAttempt("/app/tasks");
    const input = { query: { code: "c", state: a.state }, attemptCookie: encodeAttempt(a) };
    const refused = fakeTokenEndpoint(400, { error: "invalid_grant" });
    expect(await failure(completeSignIn(input, deps(refused.fetch)))).toBe("exchange");
    const down: FetchFn = async () => {
      throw new TypeError("fetch failed");
    };
    expect(await failure(completeSignIn(input, deps(down)))).toBe("exchange");
    const empty = fakeTokenEndpoint(200, { access_token: "a" });
    expect(await failure(completeSignIn(input, deps(empty.fetch)))).toBe("exchange");
    await expect(exchangeCode(CFG, "c", a.verifier, refused.fetch)).rejects.toThrow(
      /400 invalid_grant/,
    );
  });

  it("THEN a forged, foreign-audience, expired or access token is 'token'", async () => {
    const a = newAttempt("/app/tasks");
    const input = { query: { code: "c", state: a.state }, attemptCookie: encodeAttempt(a) };
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      await idToken({}, strangerKey),
      await idToken({ aud: "another-client" }),
      await idToken({ exp: now - 60 }),
      await idToken({ token_use: "access" }),
    ];
    for (const token of bad) {
      const endpoint = fakeTokenEndpoint(200, { id_token: token });
      expect(await failure(completeSignIn(input, deps(endpoint.fetch)))).toBe("token");
    }
    // A token valid by the verifier's clock but expired by ours sets no cookie either.
    const late = fakeTokenEndpoint(200, { id_token: await idToken() });
    expect(await failure(completeSignIn(input, deps(late.fetch, { nowSeconds: NOW * 2 })))).toBe(
      "token",
    );
  });

  it("THEN a verified user the application does not know is 'unknown-user' (no redirect loop)", async () => {
    const a = newAttempt("/app/tasks");
    const endpoint = fakeTokenEndpoint(200, { id_token: await idToken({ "cognito:groups": [] }) });
    const seen: JWTPayload[] = [];
    const reason = await failure(
      completeSignIn(
        { query: { code: "c", state: a.state }, attemptCookie: encodeAttempt(a) },
        deps(endpoint.fetch, {
          knownUser: async (claims) => {
            seen.push(claims);
            return { known: false, problem: "user approver.batxat is in no role group" };
          },
        }),
      ),
    );
    expect(reason).toBe("unknown-user");
    expect(seen[0]?.["cognito:username"]).toBe("approver.batxat");
  });

  it("THEN a privileged user without TOTP goes to the enrolment page with the sign-in's access token kept for it", async () => {
    const a = newAttempt("/app/tasks");
    const tokens = { id_token: await idToken(), access_token: "access-1" };
    const enrol = await completeSignIn(
      { query: { code: "c", state: a.state }, attemptCookie: encodeAttempt(a) },
      deps(fakeTokenEndpoint(200, tokens).fetch, {
        knownUser: async () => ({ known: true, next: "/app/mfa" }),
      }),
    );
    expect(enrol).toMatchObject({ next: "/app/mfa", enrol: true, accessToken: "access-1" });
    expect(enrolmentCookie("access-1", true)).toBe(
      "p8_enrol=access-1; HttpOnly; Secure; SameSite=Lax; Path=/app/mfa",
    );
    const normal = await completeSignIn(
      { query: { code: "c", state: a.state }, attemptCookie: encodeAttempt(a) },
      deps(fakeTokenEndpoint(200, tokens).fetch, { knownUser: async () => ({ known: true }) }),
    );
    expect(normal.next).toBe("/app/tasks");
    expect(normal.enrol).toBeUndefined();
  });
});

describe("GIVEN the sign-in handler", () => {
  const event = (next: string) =>
    ({
      routeKey: "GET /auth/sign-in",
      rawPath: "/auth/sign-in",
      queryStringParameters: { next },
    }) as unknown as Parameters<typeof signInHandler>[0];

  it("THEN on AWS it redirects to the managed login and sets the attempt cookie", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      APP_BASE_URL: "https://app.example.vn",
      AUTH_DOMAIN: CFG.authDomain,
      USER_POOL_CLIENT_ID: CFG.clientId,
    });
    delete process.env.LOCAL_STACK;
    try {
      const res = await signInHandler(event("/app/tasks/T-3"));
      expect(res.statusCode).toBe(302);
      const location = new URL(String(res.headers?.location));
      expect(location.origin).toBe(CFG.authDomain);
      expect(location.searchParams.get("redirect_uri")).toBe(CFG.redirectUri);
      const cookie = res.cookies?.[0] ?? "";
      const attempt = decodeAttempt(/^p8_signin=([^;]+)/.exec(cookie)?.[1]);
      expect(attempt?.next).toBe("/app/tasks/T-3");
      expect(location.searchParams.get("state")).toBe(attempt?.state);
      expect(location.searchParams.get("code_challenge")).toBe(
        pkceChallenge(attempt?.verifier ?? ""),
      );
      expect(cookie).toContain("Secure");
      expect(signInEnvironment({ ...process.env, LOCAL_STACK: "1" }).mode).toBe("local");
      expect(signInEnvironment({ ...process.env, AUTH_DOMAIN: "" }).mode).toBe("local");
    } finally {
      process.env = saved;
    }
  });
});

describe("GIVEN the sign-out handler", () => {
  it("THEN on AWS it deletes the session cookie and sends to Cognito's logout, back to /app", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      APP_BASE_URL: "https://app.example.vn",
      AUTH_DOMAIN: CFG.authDomain,
      USER_POOL_CLIENT_ID: CFG.clientId,
    });
    delete process.env.LOCAL_STACK;
    try {
      const res = await signOutHandler({} as Parameters<typeof signOutHandler>[0]);
      expect(res.statusCode).toBe(302);
      const location = new URL(String(res.headers?.location));
      expect(`${location.origin}${location.pathname}`).toBe(`${CFG.authDomain}/logout`);
      expect(location.searchParams.get("client_id")).toBe(CFG.clientId);
      expect(location.searchParams.get("logout_uri")).toBe("https://app.example.vn/app");
      expect(res.cookies).toEqual([
        "p8_token=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0",
        // The TOTP enrolment's access token, if one was kept.
        "p8_enrol=; HttpOnly; Secure; SameSite=Lax; Path=/app/mfa; Max-Age=0",
      ]);
      expect(logoutUrl(CFG, "https://x/y")).toBe(
        `${CFG.authDomain}/logout?client_id=${CFG.clientId}&logout_uri=https%3A%2F%2Fx%2Fy`,
      );
    } finally {
      process.env = saved;
    }
  });
});
