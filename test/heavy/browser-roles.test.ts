import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumContexts, fitsWidth, PHONE, SHOTS } from "../support/browser.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a2Draft, createDraft, submitAndOpen, U } from "../support/proposals.ts";

/**
 * Each role's main page in real Chromium on a 360 px phone: signed in through the demo sign-in
 * (which fits 360 and 390 px), landing on /app, then the page the role works on. Takes the
 * screenshots the README shows (`npm run screenshots` writes them into docs/screenshots/).
 */
let stack: StackHandle;
const contexts = chromiumContexts();
beforeAll(async () => {
  stack = await startStack();
  // Something to show: a proposal in review (the approver's inbox, the province's list).
  await submitAndOpen(stack, await createDraft(stack, a2Draft()));
});
afterAll(async () => {
  await stack?.dispose();
  await contexts.dispose();
});

const MAIN: readonly [string, string, string][] = [
  ["commune", U.commune, "/app/proposals"],
  ["approver", U.approver, "/app/tasks"],
  ["finance", U.finance, "/app/finance"],
  ["province", U.province, "/app/province"],
  ["admin", U.admin, "/app/admin/users"],
  ["auditor", U.auditor, "/app/audit"],
  ["central", U.central, "/app/monitoring"],
];

describe("GIVEN a phone WHEN each role signs in", () => {
  it("THEN the demo sign-in fits 390 and 360 px", async () => {
    for (const width of [390, 360]) {
      const ctx = await contexts.open({ width, height: 800 });
      const p = await ctx.newPage();
      await p.goto(`${stack.urls.api}/_local/login`);
      await fitsWidth(p, width);
      if (width === 360)
        await p.screenshot({ path: path.join(SHOTS, "sign-in-mobile.png"), fullPage: false });
      await ctx.close();
    }
  });

  it.each(MAIN)(
    "THEN the %s lands on its home page and its main page fits 360 px",
    async (name, user, main) => {
      const ctx = await contexts.open(PHONE);
      const p = await ctx.newPage();
      await p.goto(`${stack.urls.api}/app`);
      await p.waitForURL(/\/_local\/login/);
      await p.locator(`button:text-is("${user}")`).click();
      await p.waitForURL(/\/app$/);
      expect(await p.textContent("main")).toContain("Việc hôm nay");
      await fitsWidth(p, PHONE.width);
      await p.goto(`${stack.urls.api}${main}`);
      expect(await p.title()).not.toContain("Lỗi");
      await fitsWidth(p, PHONE.width);
      await p.screenshot({ path: path.join(SHOTS, `role-${name}.png`), fullPage: false });
      await ctx.close();
    },
  );
});
