import path from "node:path";
import type { BrowserContext, Page as PwPage } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumContexts, DESKTOP, PHONE, SHOTS } from "../support/browser.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  createDraft,
  decide,
  submitAndOpen,
  U,
  waitForStatus,
} from "../support/proposals.ts";

/**
 * The monitoring pages in real Chromium, in Vietnamese, on a 360x740 phone and a desktop: the
 * commune fills and submits its quarterly report, the province approves it, the centre reads the
 * national dashboard against targets and drills down nation → province → commune, and exports
 * the reporting layout. `npm run screenshots` writes docs/screenshots/monitoring-*.png.
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

const browser = (size: { width: number; height: number }): Promise<BrowserContext> =>
  contexts.open(size);

/** Opens a page as a demo user through the local sign-in (the page sends there without a session). */
async function openAs(ctx: BrowserContext, user: string, pathname: string): Promise<PwPage> {
  const p = ctx.pages()[0] ?? (await ctx.newPage());
  await p.goto(`${stack.urls.api}${pathname}`);
  await p.locator(`button:text-is("${user}")`).click();
  await p.waitForURL((u) => u.pathname === pathname.split("?")[0]);
  return p;
}

/** No horizontal scrolling: the page fits the screen. */
const fits = async (p: PwPage, width: number) =>
  expect(await p.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
const main = async (p: PwPage) => (await p.textContent("main")) ?? "";

async function api(method: string, url: string, token: string, body?: unknown, status = 200) {
  const res = await stack.api(method, url, { token, ...(body ? { body } : {}) });
  expect(res.status, `${method} ${url}: ${res.text}`).toBe(status);
}

const REPORT_PAGE = "/app/monitoring/reports/C-BATXAT/2026-Q2";

describe("the monitoring pages in Chromium", () => {
  it("GIVEN Q2 facts (one A2 approval, a training, targets) WHEN the commune submits on a phone, the province approves on a desktop, the centre reads and drills down THEN each page shows the figures against targets and fits the screen", async () => {
    const draft = await createDraft(stack, a2Draft());
    const task = await submitAndOpen(stack, draft);
    expect((await decide(stack, task, "approve")).status).toBe(200);
    await waitForStatus(stack, draft.id, "APPROVED");
    await api(
      "POST",
      "/v1/monitoring/events",
      U.commune,
      {
        unitId: "C-BATXAT",
        kind: "training",
        activity: "A1",
        title: "Tập huấn GALS",
        heldOn: "2026-04-10",
        participants: { femaleMinority: 12, femaleKinh: 3, maleMinority: 5, maleKinh: 1 },
      },
      201,
    );
    await api("PUT", "/v1/monitoring/targets/VN/2026", "central", {
      targets: { "A2.GROUPS_SUPPORTED": 100 },
    });
    await api("PUT", "/v1/monitoring/targets/P-LC/2026", "central", {
      targets: { "A2.GROUPS_SUPPORTED": 20 },
    });
    await api("PUT", "/v1/monitoring/targets/C-BATXAT/2026", U.province, {
      targets: { "A2.GROUPS_SUPPORTED": 4 },
    });
    await stack.advanceClock(31 * 86_400); // 2026-07-02: the quarter has ended

    // The commune, on a phone: the pre-filled report, two entered values, a narrative, submit.
    const phone = await browser(PHONE);
    try {
      const p = await openAs(phone, U.commune, REPORT_PAGE);
      expect(await p.getAttribute("html", "lang")).toBe("vi");
      let text = await main(p);
      expect(text).toContain("Báo cáo quý");
      expect(text).toContain("Chưa lập");
      expect(text).toContain("Số liệu tổng hợp tự động");
      await fits(p, PHONE.width);
      await p.locator('input[name="entered.A3.VICTIMS_SUPPORTED"]').fill("3");
      await p.locator('input[name="entered.A1.GROUPS_CONSOLIDATED"]').fill("2");
      await p.locator('textarea[name="results"]').fill("Hoàn thành tập huấn GALS cho tổ TKVVTB");
      await p.screenshot({
        path: path.join(SHOTS, "monitoring-report-mobile.png"),
        fullPage: true,
      });
      await p.getByRole("button", { name: "Gửi báo cáo" }).click();
      await expect.poll(() => main(p)).toContain("Đã gửi, chờ duyệt");
      text = await main(p);
      expect(text).toContain("Số liệu đã chốt khi gửi báo cáo.");
      expect(text).toContain("report.submitted");
    } finally {
      await phone.close();
    }

    // The province, on a desktop: approves; the report is locked, reopening needs a reason.
    const prov = await browser(DESKTOP);
    try {
      const p = await openAs(prov, U.province, REPORT_PAGE);
      expect(await main(p)).toContain("Đã gửi, chờ duyệt");
      await p.getByRole("button", { name: "Duyệt báo cáo" }).click();
      await expect.poll(() => main(p)).toContain("Báo cáo đã được duyệt và khóa");
      expect(await main(p)).toContain("report.approved");
      expect(await p.getByRole("button", { name: "Mở lại báo cáo đã duyệt" }).count()).toBe(1);
      expect(await p.locator('textarea[name="reason"][required]').count()).toBe(1);
      await p.screenshot({
        path: path.join(SHOTS, "monitoring-report-desktop.png"),
        fullPage: true,
      });
      // The province's own dashboard: its communes, Bát Xát's report approved.
      await p.goto(`${stack.urls.api}/app/monitoring?place=P-LC&period=2026-Q2`);
      const text = await main(p);
      expect(text).toContain("Xã Bát Xát");
      expect(text).toContain("Xã Mường Hum");
      expect(text).toContain("Đã duyệt");
      await p.screenshot({
        path: path.join(SHOTS, "monitoring-province-desktop.png"),
        fullPage: true,
      });
    } finally {
      await prov.close();
    }

    // The centre, on a desktop: the nation against its target, Lào Cai against its own.
    const centre = await browser(DESKTOP);
    try {
      const p = await openAs(centre, "central", "/app/monitoring?place=VN&period=2026-Q2");
      let text = await main(p);
      expect(text).toContain("Toàn quốc");
      expect(text).toContain("Tỉnh Lào Cai (demo)");
      expect(await p.locator("svg.bar").count()).toBeGreaterThan(0);
      expect(await p.locator("svg.cols").count()).toBe(1);
      await p.screenshot({
        path: path.join(SHOTS, "monitoring-national-desktop.png"),
        fullPage: true,
      });
      // The chart by place: A2 groups supported, Lào Cai 1 of 20.
      await p.selectOption('select[name="indicator"]', "A2.GROUPS_SUPPORTED");
      await p.locator('form:has(select[name="indicator"]) button').click();
      await p.waitForURL(/indicator=A2\.GROUPS_SUPPORTED/);
      const lc = p.locator('ul.places li:has(svg.bar):has-text("Tỉnh Lào Cai (demo)")');
      expect(await lc.textContent()).toContain("1 / 20");
      // Drill down: nation → province → commune.
      await lc.getByRole("link").click();
      await p.waitForURL(/place=P-LC/);
      expect(
        await p.locator('ul.places li:has(svg.bar):has-text("Xã Bát Xát")').first().textContent(),
      ).toContain("1 / 4");
      await p.locator('ul.places li:has(svg.bar):has-text("Xã Bát Xát") a').first().click();
      await p.waitForURL(/place=C-BATXAT/);
      text = await main(p);
      expect(text).toContain("Xã Bát Xát");
      // The XLSX export is a workbook (a zip: "PK").
      const res = await p.request.get(
        `${stack.urls.api}/app/monitoring/export?place=VN&period=2026-Q2`,
      );
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toContain("spreadsheetml");
      expect((await res.body()).subarray(0, 2).toString()).toBe("PK");
    } finally {
      await centre.close();
    }

    // The centre on a phone: the national dashboard and the province fit 360 px.
    const centrePhone = await browser(PHONE);
    try {
      const p = await openAs(
        centrePhone,
        "central",
        "/app/monitoring?place=VN&period=2026-Q2&indicator=A2.GROUPS_SUPPORTED",
      );
      await fits(p, PHONE.width);
      await p.screenshot({
        path: path.join(SHOTS, "monitoring-national-mobile.png"),
        fullPage: true,
      });
      await p
        .locator('ul.places li:has(svg.bar):has-text("Tỉnh Lào Cai (demo)") a')
        .first()
        .click();
      await p.waitForURL(/place=P-LC/);
      await fits(p, PHONE.width);
      await p.screenshot({
        path: path.join(SHOTS, "monitoring-province-mobile.png"),
        fullPage: true,
      });
    } finally {
      await centrePhone.close();
    }
  }, 300_000);
});
