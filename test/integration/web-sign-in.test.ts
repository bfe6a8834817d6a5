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
      expect(res.location).toBe(`/_local/login?next=${encodeURIComponent("/app/tasks")}`);
    }
    const none = await get("/auth/sign-in");
    expect(none.location).toBe(`/_local/login?next=${encodeURIComponent("/app/tasks")}`);
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
