import path from "node:path";
import type { BrowserContext, Page as PwPage } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumContexts, fitsWidth, PHONE, SHOTS } from "../support/browser.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { registerFor, U, waitForTask } from "../support/proposals.ts";

/**
 * Batch proposals in real Chromium on a 360x740 phone, in Vietnamese: the commune ticks two of
 * its registered savings groups, creates and submits the batch; the approver opens the batch
 * page and approves all at once, the group over the cap named and left. Every page fits 360 px.
 */

let stack: StackHandle;
const contexts = chromiumContexts();
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await stack?.dispose();
  await contexts.dispose();
});

async function openAs(ctx: BrowserContext, user: string, pathname: string): Promise<PwPage> {
  const p = ctx.pages()[0] ?? (await ctx.newPage());
  await p.goto(`${stack.urls.api}${pathname}`);
  await p.locator(`button:text-is("${user}")`).click();
  await p.waitForURL((u) => u.pathname === pathname.split("?")[0]);
  return p;
}

describe("batch proposals in Chromium at 360 px", () => {
  it("GIVEN two registered groups WHEN the commune ticks them, creates and submits, and the approver approves all at once THEN the one over the cap is named and left, and every page fits", async () => {
    const tag = Date.now();
    const ok = await registerFor(stack, { activity: "A1", name: `Tổ Đào ${tag}` });
    const over = await registerFor(stack, { activity: "A1", name: `Tổ Mận ${tag}` });
    const commune = await contexts.open(PHONE);
    const p = await openAs(commune, U.commune, "/app/batches/new");
    await fitsWidth(p, PHONE.width);
    await p.fill('input[name="title"]', "Tổ TKVVTB quý 2/2026");
    for (const [id, amount] of [
      [ok, "1500000"],
      [over, "1800000"],
    ] as const) {
      const box = p.locator(`input[type=checkbox][value="${id}"]`);
      const row = (await box.getAttribute("name"))?.split(".")[1];
      await box.check();
      await p.fill(`input[name="amount.${row}"]`, amount);
      await p.fill(`input[name="start.${row}"]`, "2026-05");
    }
    await p.screenshot({ path: path.join(SHOTS, "batch-new-mobile.png"), fullPage: true });
    await p.click('button:text-is("Lập danh sách (lưu dự thảo)")');
    await p.waitForURL(/\/app\/batches\/B-/);
    expect(await p.textContent("main")).toContain("Đã lưu danh sách");
    await fitsWidth(p, PHONE.width);
    await p.click('button:text-is("Gửi thẩm định cả danh sách")');
    await p.waitForURL(/submitted=1/);
    const batchPath = new URL(p.url()).pathname;
    const id = decodeURIComponent(batchPath.split("/").pop() ?? "");
    const batch = await stack.api<{ members: { proposalId: string }[] }>(
      "GET",
      `/v1/batches/${id}`,
      {
        token: U.approver,
      },
    );
    await Promise.all(batch.json.members.map((m) => waitForTask(stack, m.proposalId)));

    const approver = await contexts.open(PHONE);
    const a = await openAs(approver, U.approver, batchPath);
    await fitsWidth(a, PHONE.width);
    expect(await a.textContent("main")).toContain("Không đạt");
    await a.screenshot({ path: path.join(SHOTS, "batch-review-mobile.png"), fullPage: true });
    await a.click('button:text-is("Quyết định tất cả mục còn chờ")');
    await a.waitForURL(/decided=1&left=1/);
    expect(await a.textContent("main")).toContain("Đã quyết định: 1 · Giữ lại: 1");
    await fitsWidth(a, PHONE.width);
  });
});
