import { createHash } from "node:crypto";
import path from "node:path";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumContexts, fitsWidth, PHONE, SHOTS } from "../support/browser.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  decide,
  getProposal,
  registerFor,
  U,
  waitFor,
  waitForStatus,
  waitForTask,
} from "../support/proposals.ts";

/**
 * The commune officer's day in real Chromium, on a 360x740 phone, on a slow mobile link
 * (~400 kbit/s, 400 ms latency, via CDP Network.emulateNetworkConditions), in Vietnamese:
 * sign in, draft (the draft survives a reload and a dropped connection, and is sent again when
 * the connection is back), see the norm pre-check, submit, see it returned with the reviewer's
 * comment (the reviewer returns it through the API), fix, resubmit, see it approved and paid,
 * and the notices of each step in the local inbox, whose links open the proposal page.
 *
 * The draft gets its signed proposal attached (PDF, presigned upload straight to the local S3);
 * once paid, the officer files the monitoring report on the proposal page and attaches its
 * photo there, resized in the browser to 1600 px before it is sent.
 *
 * Screenshots go to a temporary folder; SCREENSHOT_DIR=docs/screenshots refreshes the README's.
 */
/** ~400 kbit/s both ways (bytes per second) and 400 ms of latency. */
const SLOW = { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };

let stack: StackHandle;
const contexts = chromiumContexts();
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
  await contexts.dispose();
});

async function phone(): Promise<{ ctx: BrowserContext; p: Page; cdp: CDPSession }> {
  const ctx = await contexts.open(PHONE);
  const p = ctx.pages()[0] ?? (await ctx.newPage());
  p.setDefaultTimeout(60_000);
  const cdp = await ctx.newCDPSession(p);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...SLOW });
  return { ctx, p, cdp };
}

const main = async (p: Page) => (await p.textContent("main")) ?? "";
/** No horizontal scrolling at 360 px. */
const fits = (p: Page) => fitsWidth(p, PHONE.width);
/** Bytes transferred for the document itself (the pages load nothing else). */
const transferred = async (p: Page) =>
  Number(
    await p.evaluate(
      '(performance.getEntriesByType("navigation")[0] || { transferSize: 0 }).transferSize',
    ),
  );
/** A small signed proposal, as a scanner would make it. */
const SIGNED_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

interface AttachmentJson {
  id: string;
  kind: string;
  contentType: string;
  sha256: string;
}
const attachmentsOf = async (id: string) =>
  (
    await stack.api<{ attachments: AttachmentJson[] }>("GET", `/v1/proposals/${id}/attachments`, {
      token: U.commune,
    })
  ).json.attachments;
async function download(id: string, attachmentId: string): Promise<Buffer> {
  const r = await stack.api<{ download: { url: string } }>(
    "GET",
    `/v1/proposals/${id}/attachments/${attachmentId}`,
    { token: U.commune },
  );
  return Buffer.from(await (await fetch(r.json.download.url)).arrayBuffer());
}
/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(b: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 < b.length) {
    const marker = b[i + 1] ?? 0;
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return { width: 0, height: 0 };
}

const shot = (p: Page, name: string) =>
  p.screenshot({ path: path.join(SHOTS, `commune-${name}.png`), fullPage: true });

async function noticeTo(reference: string, words: string) {
  await stack.advanceClock(61);
  return waitFor(`the commune's notice "${words}"`, async () =>
    (await stack.mails()).find(
      (m) =>
        m.to.includes(`${U.commune}@demo.local`) &&
        m.subject.includes(reference) &&
        m.subject.includes(words),
    ),
  );
}

describe("the commune officer's day in Chromium", () => {
  it("GIVEN a phone at 360 px on a throttled link WHEN the officer drafts, submits, fixes a returned proposal and resubmits THEN it is approved and paid, every page fits and weighs under 100 KB, and each notice's link opens the proposal", async () => {
    const { ctx, p, cdp } = await phone();
    const sizes: Record<string, number> = {};
    const started = Date.now();
    try {
      // Sign in: the local sign-in, back to the commune's proposals.
      await p.goto(`${stack.urls.api}/app/tasks`);
      await p.locator(`button:text-is("${U.commune}")`).click();
      await p.waitForURL(/\/app\/proposals$/);
      expect(await p.getAttribute("html", "lang")).toBe("vi");
      expect(await main(p)).toContain("Đề xuất của xã");
      sizes.list = await transferred(p);

      // Draft: typed, kept on the device across a reload.
      await p.getByRole("link", { name: /Lập đề xuất mới/ }).click();
      await p.waitForURL(/\/app\/proposals\/new$/);
      sizes.form = await transferred(p);
      await fits(p);
      await p.getByLabel("Hoạt động", { exact: true }).selectOption("A2");
      await p.getByLabel("Tên đề xuất").fill("Xây dựng thương hiệu chè Shan tuyết Y Tý");
      // The cooperative is in the commune's registry (registered there before the proposal).
      const beneficiary = await registerFor(stack, { activity: "A2", name: "HTX Chè Y Tý" });
      await p.getByLabel(/Mã đối tượng thụ hưởng/).fill(beneficiary);
      await p.getByLabel("Nội dung hỗ trợ theo định mức").selectOption("A2.TECH_SUPPORT");
      await p.getByLabel("Mô tả").fill("Thiết kế nhãn và tem truy xuất");
      await p.getByLabel(/Số tiền đề nghị hỗ trợ/).fill("60.000.000");
      await p.getByLabel(/Tổng chi phí/).fill("90.000.000");
      await shot(p, "form");
      await p.reload();
      await expect.poll(() => p.isVisible("#p8-restored")).toBe(true);
      expect(await p.inputValue("#f-title")).toBe("Xây dựng thương hiệu chè Shan tuyết Y Tý");

      // The connection drops at "save": the entry waits on the phone and goes when it is back.
      await cdp.send("Network.emulateNetworkConditions", { offline: true, ...SLOW });
      await expect.poll(() => p.evaluate("navigator.onLine")).toBe(false);
      await p.getByRole("button", { name: "Lưu dự thảo" }).last().click();
      await expect.poll(() => p.isVisible("#p8-offline")).toBe(true);
      expect(p.url()).toMatch(/\/app\/proposals\/new$/);
      await shot(p, "offline");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, ...SLOW });
      await p.waitForURL(/\/app\/proposals\/[^/]+\?saved=new$/);
      expect(await main(p)).toContain("Đã lưu dự thảo");
      // The server saved it: the copy on the phone is forgotten.
      expect(
        await p.evaluate('Object.keys(localStorage).filter((k) => k.includes(":new"))'),
      ).toEqual([]);
      const id = decodeURIComponent(/\/app\/proposals\/([^?]+)/.exec(p.url())?.[1] ?? "");
      const { reference } = await getProposal(stack, id);
      // The signed proposal, attached on the draft's page: the page's script asks for a
      // presigned upload, PUTs the PDF straight to S3 (the local gateway) and confirms it.
      await p.locator("#att-kind").selectOption("signed_proposal");
      await p.locator("#att-file").setInputFiles({
        name: "de-xuat-da-ky.pdf",
        mimeType: "application/pdf",
        buffer: SIGNED_PDF,
      });
      await p.getByRole("button", { name: "Đính kèm" }).click();
      await p.waitForURL(/attached=1/);
      const draftPage = await main(p);
      expect(draftPage).toContain("Đã đính kèm tệp");
      expect(draftPage).toContain("Đề xuất đã ký (PDF");
      expect(draftPage).not.toContain("de-xuat-da-ky");
      sizes.attached = await transferred(p);
      await fits(p);
      const [signed] = await attachmentsOf(id);
      expect(signed).toMatchObject({ kind: "signed_proposal", contentType: "application/pdf" });
      expect(signed?.sha256).toBe(createHash("sha256").update(SIGNED_PDF).digest("hex"));

      // The norm pre-check before submitting, then submit.
      expect(await main(p)).toContain("Kiểm tra định mức trước khi gửi");
      expect(await main(p)).toContain("Đạt định mức");
      sizes.proposal = await transferred(p);
      await fits(p);
      await shot(p, "draft");
      await p.getByRole("button", { name: "Gửi thẩm định" }).click();
      await p.waitForURL(/submitted=1$/);
      expect(await main(p)).toContain("Đang thẩm định");

      // The reviewing unit returns it (through the API) with a comment.
      const task = await waitForTask(stack, id);
      const returned = await decide(stack, task, "return", "Bổ sung báo giá thiết kế nhãn");
      expect(returned.status, returned.text).toBe(200);
      const back = await noticeTo(reference, "được trả lại");
      const link = back.links.find((l) => l.includes(`/app/proposals/`));
      expect(link).toBeDefined();
      await p.goto(link ?? "");
      expect(await main(p)).toContain("Bổ sung báo giá thiết kế nhãn");
      expect(await main(p)).toContain("Trả lại để bổ sung");
      await fits(p);
      await shot(p, "returned");

      // Fix and resubmit.
      await p.getByRole("link", { name: "Sửa và gửi lại" }).click();
      await p.waitForURL(/\/edit$/);
      await p.getByLabel("Mô tả").fill("Thiết kế nhãn, tem truy xuất, kèm báo giá thiết kế nhãn");
      await p.getByRole("button", { name: "Lưu dự thảo" }).last().click();
      await p.waitForURL(/\?saved=edit-/);
      await p.getByRole("button", { name: "Gửi lại thẩm định" }).click();
      await p.waitForURL(/submitted=1$/);

      // Approved after the norm check, then paid in full by finance (through the API).
      const task2 = await waitForTask(stack, id, 2);
      expect((await decide(stack, task2, "approve")).status).toBe(200);
      await waitForStatus(stack, id, "APPROVED");
      const approved = await noticeTo(reference, "đã được phê duyệt");
      expect(approved.text).toContain("Số tiền được phê duyệt: 60.000.000 đ");
      const paid = await stack.api("POST", `/v1/proposals/${id}/disbursements`, {
        token: U.finance,
        body: { amount: 60_000_000, paidOn: "2026-06-10", reference: "UNC-0001" },
      });
      expect(paid.status, paid.text).toBeLessThan(300);
      const paidMail = await noticeTo(reference, "đã được giải ngân");
      await p.goto(paidMail.links.find((l) => l.includes("/app/proposals/")) ?? "");
      const final = await main(p);
      expect(final).toContain("Đã giải ngân, đang giám sát");
      expect(final).toContain("Ghi nhận giải ngân");
      expect(final).toContain("Lần gửi thứ 2");
      expect(final).not.toMatch(/review\.|norms\.|MONITORING|COOPERATIVE/);
      await fits(p);
      await shot(p, "paid");
      // The monitoring report from the proposal page, then its photo from the phone: a
      // 4000x3000 picture, made smaller in the browser (at most 1600 px, JPEG) before it is sent.
      await p.locator("#r-period").fill("2026-07");
      await p.locator("#r-used").fill("60.000.000");
      await p.locator("#r-progress").selectOption("on_track");
      await p.locator("#r-summary").fill("Đã in tem, dán nhãn cho 2 tấn chè");
      await p.getByRole("button", { name: "Gửi báo cáo" }).click();
      await p.waitForURL(/reported=1/);
      const reported = await main(p);
      expect(reported).toContain("Đã gửi báo cáo giám sát.");
      expect(reported).toContain("Nộp báo cáo giám sát");
      sizes.report = await transferred(p);
      await fits(p);
      await shot(p, "report");
      await p.locator("#att-kind").selectOption("photo");
      await p.evaluate(`(async () => {
        const c = document.createElement("canvas"); c.width = 4000; c.height = 3000;
        const g = c.getContext("2d"); const grad = g.createLinearGradient(0, 0, 4000, 3000);
        grad.addColorStop(0, "#2e7d32"); grad.addColorStop(1, "#fdd835");
        g.fillStyle = grad; g.fillRect(0, 0, 4000, 3000);
        g.fillStyle = "#5d4037"; for (let i = 0; i < 40; i++) g.fillRect(i * 100, 2000 - i * 20, 60, 1000);
        const blob = await new Promise((r) => c.toBlob(r, "image/jpeg", 0.95));
        const dt = new DataTransfer(); dt.items.add(new File([blob], "IMG_0001.jpg", { type: "image/jpeg" }));
        document.getElementById("att-file").files = dt.files;
      })()`);
      await p.getByRole("button", { name: "Đính kèm" }).click();
      await p.waitForURL(/attached=1/);
      expect(await main(p)).toContain("Ảnh (JPG");
      sizes.photo = await transferred(p);
      await fits(p);
      await shot(p, "attachments");
      const photo = (await attachmentsOf(id)).find((a) => a.kind === "photo");
      expect(photo?.contentType).toBe("image/jpeg");
      const dims = jpegSize(await download(id, photo?.id ?? ""));
      expect(Math.max(dims.width, dims.height)).toBe(1600);
      expect(dims).toEqual({ width: 1600, height: 1200 });

      await p.goto(`${stack.urls.api}/app/proposals`);
      expect(await main(p)).toContain(reference);
      await fits(p);
      await shot(p, "list");
    } finally {
      await ctx.close();
    }
    for (const [page, bytes] of Object.entries(sizes)) {
      expect(bytes, page).toBeGreaterThan(0);
      expect(bytes, page).toBeLessThan(100_000);
    }
    // For the closing note: what each page weighed and how long the day took on this link.
    console.log(JSON.stringify({ bytes: sizes, dayMs: Date.now() - started }));
  });
});
