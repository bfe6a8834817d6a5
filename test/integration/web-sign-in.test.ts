import { readFile } from "node:fs/promises";
import path from "node:path";
import { importJWK, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { U } from "../support/proposals.ts";

/**
 * The web sign-in routes on the local stack: without a Cognito domain /auth/sign-in hands over
 * to the demo sign-in, and the page flow (page → sign-in → back to the page, signed in) works
 * through it exactly as it will through the managed login on AWS.
 */
let stack: StackHandle;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

interface Hop {
  status: number;
  location: string | null;
  cookies: string[];
  html: string;
}

async function get(path: string, cookie?: string): Promise<Hop> {
  const res = await fetch(`${stack.urls.api}${path}`, {
    redirect: "manual",
    ...(cookie ? { headers: { cookie } } : {}),
  });
  return {
    status: res.status,
    location: res.headers.get("location"),
    cookies: res.headers.getSetCookie(),
    html: await res.text(),
  };
}

describe("GIVEN the local stack WHEN a visitor without a session opens a page", () => {
  it("THEN the page sends to /auth/sign-in, which sends to the local sign-in, which comes back signed in", async () => {
    const page = await get("/app/tasks/T-unknown?lang=en");
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/auth/sign-in?next=${encodeURIComponent("/app/tasks/T-unknown")}`);

    const signIn = await get(page.location ?? "");
    expect(signIn.status).toBe(302);
    expect(signIn.location).toBe(
      `/_local/login?next=${encodeURIComponent("/app/tasks/T-unknown")}`,
    );
    // Locally nothing is stored for a code flow: no attempt cookie.
    expect(signIn.cookies).toEqual([]);

    const login = await get(signIn.location ?? "");
    expect(login.status).toBe(200);
    expect(login.html).toContain('value="/app/tasks/T-unknown"');

    const posted = await fetch(`${stack.urls.api}/_local/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: U.approver, next: "/app/tasks" }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe("/app/tasks");
    const session = posted.headers.getSetCookie().find((c) => c.startsWith("p8_token="));
    expect(session).toMatch(/HttpOnly/);
    const inbox = await get("/app/tasks", session?.split(";")[0]);
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain("<html");
  });

  it("THEN /auth/sign-in never redirects off the site, whatever next says", async () => {
    for (const next of ["https://evil.example/x", "//evil.example/x", "/\\evil.example"]) {
      const res = await get(`/auth/sign-in?next=${encodeURIComponent(next)}`);
      expect(res.status).toBe(302);
      expect(res.location).toBe(`/_local/login?next=${encodeURIComponent("/app")}`);
    }
    const none = await get("/auth/sign-in");
    expect(none.location).toBe(`/_local/login?next=${encodeURIComponent("/app")}`);
  });
});

describe("GIVEN the callback WHEN it is called without a sign-in in progress", () => {
  it("THEN it answers a short bilingual page (Vietnamese first), sets no session and clears the attempt", async () => {
    const res = await get("/auth/callback?code=forged&state=forged");
    expect(res.status).toBe(400);
    expect(res.html).toContain("Đăng nhập lại");
    const vi = res.html.indexOf("Phiên đăng nhập");
    const en = res.html.indexOf("The sign-in has expired");
    expect(vi).toBeGreaterThan(0);
    expect(en).toBeGreaterThan(vi);
    expect(res.html).not.toMatch(/at \w+ \(|Error:|stack/i);
    expect(res.cookies.some((c) => c.startsWith("p8_token="))).toBe(false);
    expect(res.html.length).toBeLessThan(100_000);
  });

  it("THEN a session cookie already held is not touched by a failed callback", async () => {
    const cookie = `p8_token=${await stack.token(U.approver)}`;
    const res = await get("/auth/callback?error=access_denied", cookie);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.cookies.some((c) => c.startsWith("p8_token="))).toBe(false);
  });
});

/** A token signed by the stack's local issuer with the claims given (ID-token claims by default). */
async function tokenWith(claims: Record<string, unknown>, expiresIn = "1h"): Promise<string> {
  const dir = path.join(stack.dataDir, "keys");
  const jwk = JSON.parse(await readFile(path.join(dir, "jwt-private.jwk.json"), "utf8")) as JWK;
  const cfg = JSON.parse(await readFile(path.join(dir, "identity.json"), "utf8")) as {
    issuer: string;
    audience: string;
  };
  return new SignJWT({
    "cognito:username": U.approver,
    "cognito:groups": ["approver"],
    "custom:unit": "RU-BX",
    token_use: "id",
    p8_mfa: "totp",
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid ?? "project8-local-1", typ: "JWT" })
    .setIssuer(cfg.issuer)
    .setAudience(cfg.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(await importJWK(jwk, "RS256"));
}

async function api(token: string, p = "/v1/units") {
  const res = await fetch(`${stack.urls.api}${p}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe("GIVEN a signed-in approver WHEN they sign out", () => {
  it("THEN the session cookie is a browser-session cookie, and sign-out deletes it and returns to the sign-in", async () => {
    const posted = await fetch(`${stack.urls.api}/_local/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: U.approver, next: "/app/tasks" }).toString(),
    });
    const set = posted.headers.getSetCookie().find((c) => c.startsWith("p8_token=")) ?? "";
    expect(set).not.toMatch(/max-age|expires/i);
    const cookie = set.split(";")[0] ?? "";
    const inbox = await get("/app/tasks", cookie);
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain('href="/auth/sign-out"');

    const out = await get("/auth/sign-out", cookie);
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/_local/login?next=${encodeURIComponent("/app")}`);
    expect(out.cookies).toContainEqual(expect.stringMatching(/^p8_token=; .*Max-Age=0/));
    // The browser now sends no cookie: the pages ask to sign in again.
    const after = await get("/app/tasks");
    expect(after.status).toBe(303);
    expect(after.location).toContain("/auth/sign-in");
  });

  it("THEN a session whose token has expired is no session, cookie or not", async () => {
    const expired = await tokenWith({}, "-1s");
    expect((await get("/app/tasks", `p8_token=${expired}`)).status).toBe(303);
    expect((await api(expired)).status).toBe(401);
  });
});

describe("GIVEN tokens that are not the ID token of a user with exactly one role group", () => {
  it("WHEN an access token (or a token without token_use) is sent THEN the API says 401 and the pages ask to sign in", async () => {
    for (const claims of [{ token_use: "access" }, { token_use: undefined }]) {
      const token = await tokenWith(claims);
      const res = await api(token);
      expect(res.status, JSON.stringify(claims)).toBe(401);
      expect(res.body).toContain("ID token");
      const page = await get("/app/tasks", `p8_token=${token}`);
      expect(page.status).toBe(303);
      expect(page.location).toContain("/auth/sign-in");
    }
    expect((await api(await tokenWith({}))).status).toBe(200);
  });

  it("WHEN the user is in two role groups THEN 403 naming both, on the API and on the pages", async () => {
    const token = await tokenWith({ "cognito:groups": ["approver", "admin"] });
    const res = await api(token);
    expect(res.status).toBe(403);
    const problem = JSON.parse(res.body) as { detail: string };
    expect(problem.detail).toContain("2 role groups (approver, admin)");
    const page = await get("/app/tasks", `p8_token=${token}`);
    expect(page.status).toBe(403);
    expect(page.html).toContain("2 role groups (approver, admin)");
  });
});

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;

describe("GIVEN TOTP MFA is required of the privileged groups (the p8_mfa claim)", () => {
  const PRIVILEGED = [
    { "cognito:username": U.approver, "cognito:groups": ["approver"], "custom:unit": "RU-BX" },
    { "cognito:username": U.lead, "cognito:groups": ["unit_lead"], "custom:unit": "RU-BX" },
    { "cognito:username": U.finance, "cognito:groups": ["finance_officer"], "custom:unit": "P-LC" },
    {
      "cognito:username": U.province,
      "cognito:groups": ["province_officer"],
      "custom:unit": "P-LC",
    },
    { "cognito:username": U.admin, "cognito:groups": ["admin"], "custom:unit": "P-LC" },
    { "cognito:username": U.central, "cognito:groups": ["central_officer"], "custom:unit": "VN" },
  ];

  it("WHEN the local issuer signs in a demo user THEN privileged users carry p8_mfa=totp, commune officers and auditors none", async () => {
    for (const u of [U.approver, U.lead, U.finance, U.province, U.admin, U.central])
      expect(claimsOf(await stack.token(u)).p8_mfa, u).toBe("totp");
    for (const u of [U.commune, U.auditor])
      expect(claimsOf(await stack.token(u)).p8_mfa, u).toBeUndefined();
    expect((await api(await stack.token(U.approver))).status).toBe(200);
  });

  it("WHEN a privileged token lacks the claim (or says none) THEN the API answers 403 mfa-required naming the fix, for every privileged group", async () => {
    for (const who of PRIVILEGED) {
      for (const mfa of [undefined, "none"]) {
        const res = await api(await tokenWith({ ...who, p8_mfa: mfa }));
        expect(res.status, `${who["cognito:username"]} ${mfa}`).toBe(403);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        const problem = JSON.parse(res.body) as Record<string, string>;
        expect(problem).toMatchObject({
          type: "/problems/mfa-required",
          status: 403,
          enrol: "/app/mfa",
          titleVi: "Cần đăng nhập bằng ứng dụng xác thực (TOTP)",
        });
        expect(problem.detail).toContain("authenticator app (TOTP)");
        expect(problem.fix).toMatch(/enrol an authenticator app/);
      }
    }
  });

  it("WHEN a commune officer's or an auditor's token has no claim THEN it is accepted", async () => {
    const commune = await tokenWith({
      "cognito:username": U.commune,
      "cognito:groups": ["commune_officer"],
      "custom:unit": "C-BATXAT",
      p8_mfa: undefined,
    });
    expect((await api(commune, "/v1/proposals?communeId=C-BATXAT")).status).toBe(200);
    expect((await get("/app/proposals", `p8_token=${commune}`)).status).toBe(200);
    const auditor = await tokenWith({
      "cognito:username": U.auditor,
      "cognito:groups": ["auditor"],
      "custom:unit": "P-LC",
      p8_mfa: undefined,
    });
    expect((await api(auditor)).status).toBe(200);
  });

  it("WHEN a privileged user without TOTP opens a page THEN it sends them to the enrolment page, which opens for them and for nobody signed out", async () => {
    const token = await tokenWith({ p8_mfa: undefined });
    const page = await get("/app/tasks?view=unit", `p8_token=${token}`);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/app/mfa?next=${encodeURIComponent("/app/tasks?view=unit")}`);
    const enrol = await get(page.location ?? "", `p8_token=${token}`);
    expect(enrol.status).toBe(200);
    expect(enrol.html).toContain("Xác thực hai lớp");
    expect(enrol.html).toContain("ứng dụng xác thực (TOTP)");
    // The local stack has no Cognito to enrol with: the page says so (on AWS it starts the enrolment).
    expect(enrol.html).toContain("local stack");
    const enrolled = await get("/app/mfa?next=/app/tasks", `p8_token=${await tokenWith({})}`);
    expect(enrolled.html).toContain("Lần đăng nhập này đã dùng ứng dụng xác thực");
    expect(enrolled.html).toContain('href="/app/tasks"');
    const nobody = await get("/app/mfa");
    expect(nobody.status).toBe(303);
    expect(nobody.location).toContain("/auth/sign-in");
  });
});

describe("GIVEN any response WHEN it is a page, a JSON answer, a problem or a redirect", () => {
  it("THEN it carries Strict-Transport-Security", async () => {
    const token = await stack.token(U.approver);
    const answers = [
      await api(token),
      await api(token, "/v1/proposals/does-not-exist"),
      await api("not-a-token"),
      { headers: (await fetch(`${stack.urls.api}/app/tasks`, { redirect: "manual" })).headers },
      {
        headers: (
          await fetch(`${stack.urls.api}/app/tasks`, { headers: { cookie: `p8_token=${token}` } })
        ).headers,
      },
      { headers: (await fetch(`${stack.urls.api}/auth/sign-in`, { redirect: "manual" })).headers },
      { headers: (await fetch(`${stack.urls.api}/openapi.json`)).headers },
    ];
    const statuses = answers.map((a) => ("status" in a ? a.status : 0));
    expect(statuses.slice(0, 2)).toEqual([200, 404]);
    // The JWT authorizer's own 401 is API Gateway's, not a function's: no header to expect.
    for (const [i, a] of answers.entries()) {
      if (i === 2) continue;
      expect(a.headers.get("strict-transport-security"), `answer ${i}`).toBe(
        "max-age=31536000; includeSubDomains",
      );
    }
  });
});
