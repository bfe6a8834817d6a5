import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../local/demo/users.ts";
import { answersHead } from "../../shared/contract/define.ts";
import { ROUTES } from "../../shared/contract/index.ts";
import { homeLinks } from "../../shared/web/home-view.ts";
import { page } from "../support/approver-helpers.ts";
import { U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * Each role's landing page and the small things a newcomer trips on (issue 14): the sign-in
 * lands on /app, every link of the landing page opens for its role, HEAD answers like GET
 * without a body, the root and the /v1 base answer, the demo sign-in fits a phone.
 */
const stack = useStack();

const ROLES_BY_USER = [
  U.commune,
  U.approver,
  U.lead,
  U.finance,
  U.province,
  U.auditor,
  U.admin,
  U.central,
] as const;

async function head(path: string, user?: string) {
  const headers: Record<string, string> = {};
  if (user) headers.cookie = `p8_token=${await stack.token(user)}`;
  const res = await fetch(`${stack.urls.api}${path}`, {
    method: "HEAD",
    headers,
    redirect: "manual",
  });
  return { status: res.status, body: await res.text(), type: res.headers.get("content-type") };
}

describe("GIVEN a signed-in user of each role WHEN they open /app", () => {
  it.each(ROLES_BY_USER)(
    "THEN %s gets a Vietnamese landing page whose every link opens (200) for them",
    async (user) => {
      const home = await page(stack, "GET", "/app", { user });
      expect(home.status, home.html).toBe(200);
      expect(home.html).toContain('lang="vi"');
      expect(home.html).toContain("Việc hôm nay");
      expect(home.bytes).toBeLessThan(100 * 1024);
      const role = DEMO_USERS.find((u) => u.username === user)?.role;
      if (!role) throw new Error(user);
      const links = homeLinks(role);
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) {
        expect(home.html).toContain(`href="${href.replace(/&/g, "&amp;")}"`);
        const res = await page(stack, "GET", href, { user });
        expect(res.status, `${user} ${href}: ${res.html.slice(0, 300)}`).toBe(200);
      }
    },
  );

  it("THEN the commune's landing page counts its drafts and the approver's its open tasks", async () => {
    const commune = await page(stack, "GET", "/app", { user: U.commune });
    expect(commune.html).toContain("Đề xuất đang soạn");
    expect(commune.html).toMatch(/class="count[^"]*">\d+/);
    const approver = await page(stack, "GET", "/app", { user: U.approver });
    expect(approver.html).toContain("Hồ sơ chờ thẩm định");
  });

  it("THEN without a session /app sends to the sign-in, which comes back to /app", async () => {
    const res = await page(stack, "GET", "/app");
    expect(res.status).toBe(303);
    expect(res.location).toContain("/auth/sign-in");
    const signIn = await page(stack, "GET", "/auth/sign-in");
    expect(signIn.location).toBe(`/_local/login?next=${encodeURIComponent("/app")}`);
  });
});

describe("GIVEN HEAD WHEN a link checker sends it to a page or an email link", () => {
  it("THEN every page route answers HEAD with GET's status and no body", async () => {
    const pages = ROUTES.filter(answersHead);
    expect(pages.length).toBeGreaterThan(15);
    for (const r of pages) {
      const path = r.path.replace(/\{(\w+)\}/g, "x-1");
      const get = await fetch(`${stack.urls.api}${path}`, {
        headers: { cookie: `p8_token=${await stack.token(U.approver)}` },
        redirect: "manual",
      });
      await get.arrayBuffer();
      const h = await head(path, U.approver);
      expect(h.status, `HEAD ${path}`).toBe(get.status);
      expect(h.body, `HEAD ${path}`).toBe("");
      // The page's own answer, not the router's JSON 404 for a method without a route.
      expect(h.type, `HEAD ${path}`).toBe(get.headers.get("content-type"));
      expect(h.type, `HEAD ${path}`).not.toContain("application/json");
    }
  });

  it("THEN HEAD on the inbox and on a bogus email link answers like GET, signed out too", async () => {
    expect((await head("/app/tasks", U.approver)).status).toBe(200);
    expect((await head("/app", U.commune)).status).toBe(200);
    expect((await head("/app")).status).toBe(303);
    const bogus = await page(stack, "GET", "/l/not-a-real-link-id-000000000000");
    expect((await head("/l/not-a-real-link-id-000000000000")).status).toBe(bogus.status);
  });
});

describe("GIVEN a newcomer WHEN they open what npm start prints", () => {
  it("THEN the root links the API reference, the inbox, the mail and the sign-in", async () => {
    const root = await page(stack, "GET", "/");
    expect(root.status).toBe(200);
    for (const href of ["/docs", "/app/tasks", "/_local/mail", "/_local/login", "/v1"])
      expect(root.html).toContain(`href="${href}"`);
    expect((await head("/")).status).toBe(200);
  });

  it("THEN the /v1 base answers 200 with links", async () => {
    const res = await fetch(`${stack.urls.api}/v1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { links: Record<string, string> };
    expect(body.links.reference).toBe("/docs");
  });

  it("THEN the demo sign-in is one card per user (no wide table) with a field for created users", async () => {
    const res = await page(stack, "GET", "/_local/login");
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("<table");
    expect(res.html).toContain('name="username" autocomplete="username"');
  });
});
