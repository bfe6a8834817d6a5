import path from "node:path";
import type { BrowserContext, Page as PwPage } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { page } from "../support/approver-helpers.ts";
import { chromiumContexts, fitsWidth, SHOTS } from "../support/browser.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  a4Draft,
  createDraft,
  submitAndOpen,
  U,
  waitFor,
  waitForStatus,
} from "../support/proposals.ts";

/**
 * A district approver in real Chromium, in Vietnamese: from the email in the local inbox to a
 * recorded decision, on a 360x740 phone screen and at desktop size. Takes the screenshots the
 * README shows (refreshed with `npm run screenshots`).
 */

let stack: StackHandle;
const contexts = chromiumContexts();
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
  await contexts.dispose();
});

const browser = (width: number, height: number): Promise<BrowserContext> =>
  contexts.open({ width, height });
const fits = fitsWidth;

async function fromEmailToDecision(p: PwPage, reference: string, width: number, shot: string) {
  await p.goto(`${stack.urls.api}/_local/mail`);
  await p
    .locator(`tr:has-text("approver.batxat@demo.local") a:has-text("${reference}")`)
    .first()
    .click();
  await expect.poll(() => p.title()).toContain(reference);
  await p.screenshot({ path: path.join(SHOTS, `email-${shot}.png`), fullPage: true });
  await p.getByRole("link", { name: "Mở nhiệm vụ" }).click();
  await p.waitForURL(/\/l\/[A-Za-z0-9_-]{43}$/);
  expect(await p.textContent("main")).toContain(reference);
  await p.getByRole("link", { name: "Đăng nhập để quyết định" }).click();
  await p.locator('button:text-is("approver.batxat")').click();
  await p.waitForURL(/\/l\//);
  await fits(p, width);
  await p.screenshot({ path: path.join(SHOTS, `link-${shot}.png`), fullPage: true });
  await p.getByLabel("Duyệt").check();
  await p.getByRole("button", { name: "Gửi quyết định" }).click();
  await expect
    .poll(async () => (await p.textContent("main")) ?? "")
    .toContain("Quyết định đã được ghi nhận");
  expect(await p.textContent("main")).toContain("bởi Nguyễn Thị Hoa");
}

describe("the approver in Chromium", () => {
  it("GIVEN a phone (360x740) WHEN the approver follows the email link, signs in and approves THEN the decision is recorded, in Vietnamese", async () => {
    const draft = await createDraft(stack, a2Draft());
    await submitAndOpen(stack, draft);
    await waitFor("the mail", async () =>
      (await stack.mails()).some((m) => m.subject.includes(draft.reference)) ? true : undefined,
    );
    const ctx = await browser(360, 740);
    try {
      const p = ctx.pages()[0] ?? (await ctx.newPage());
      await fromEmailToDecision(p, draft.reference, 360, "mobile");
      await waitForStatus(stack, draft.id, "APPROVED");
      // The inbox on the phone: another open task, sorted by due date.
      const other = await createDraft(stack, a4Draft(20_000_000));
      await submitAndOpen(stack, other);
      await p.goto(`${stack.urls.api}/app/tasks`);
      expect(await p.getAttribute("html", "lang")).toBe("vi");
      expect(await p.textContent("main")).toContain(other.reference);
      await fits(p, 360);
      await p.screenshot({ path: path.join(SHOTS, "inbox-mobile.png"), fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it("GIVEN a desktop WHEN the approver opens the inbox and the task page THEN approving there records the decision; the inbox is under 100 KB", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const ctx = await browser(1280, 900);
    try {
      const p = ctx.pages()[0] ?? (await ctx.newPage());
      await p.goto(`${stack.urls.api}/app/tasks`);
      await p.locator('button:text-is("approver.batxat")').click();
      await p.waitForURL(/\/app\/tasks$/);
      expect(await p.textContent("main")).toContain(draft.reference);
      await p.screenshot({ path: path.join(SHOTS, "inbox-desktop.png"), fullPage: true });

      await p.getByRole("link", { name: draft.reference }).click();
      await p.waitForURL(/\/app\/tasks\/.+/);
      const main = (await p.textContent("main")) ?? "";
      expect(main).toContain("Kiểm tra định mức");
      expect(main).toContain("Lịch sử");
      await p.screenshot({ path: path.join(SHOTS, "task-desktop.png"), fullPage: true });
      await p.getByRole("button", { name: "Nhận xử lý" }).click();
      await expect
        .poll(async () => (await p.textContent("main")) ?? "")
        .toContain("Nguyễn Thị Hoa");
      await p.getByLabel("Trả lại để bổ sung").check();
      await p.getByLabel(/Ý kiến/).fill("Bổ sung báo giá thiết kế nhãn");
      await p.getByRole("button", { name: "Gửi quyết định" }).click();
      await expect
        .poll(async () => (await p.textContent("main")) ?? "")
        .toContain("Quyết định đã được ghi nhận");
      await waitForStatus(stack, draft.id, "RETURNED");

      // English switch, remembered in a cookie.
      await p.goto(`${stack.urls.api}/app/tasks/${encodeURIComponent(taskId)}?lang=en`);
      expect(await p.getAttribute("html", "lang")).toBe("en");
      await p.goto(`${stack.urls.api}/app/tasks`);
      expect(await p.textContent("main")).toContain("Review tasks");
    } finally {
      await ctx.close();
    }
    const inbox = await page(stack, "GET", "/app/tasks", { user: U.approver });
    expect(inbox.status).toBe(200);
    expect(inbox.bytes).toBeLessThan(100_000);
  });
});
