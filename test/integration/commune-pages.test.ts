import { describe, expect, it } from "vitest";
import { csrfOf, page, pathOf } from "../support/approver-helpers.ts";
import {
  decide,
  getProposal,
  registerFor,
  U,
  waitFor,
  waitForStatus,
  waitForTask,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * The commune officer's pages over HTTP, as a browser without JavaScript uses them: the form
 * posts to the page routes, which call the API's use cases; refusals are Vietnamese field errors
 * on the form, never a 500. (The same day in Chromium, throttled: test/heavy/browser-commune.)
 */
const stack = useStack();

/** The cooperative of the next draft: registered in the commune afresh, so each has its own caps. */
let cooperative = "";

function draftForm(csrf: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    _csrf: csrf,
    op: "save",
    activity: "A2",
    phase: "2021-2025",
    title: "Xây dựng thương hiệu chè Shan tuyết Y Tý",
    summary: "Thiết kế nhãn, tem truy xuất",
    beneficiaryId: cooperative,
    "items.0.code": "A2.TECH_SUPPORT",
    "items.0.description": "Xây dựng thương hiệu và tem truy xuất",
    "items.0.supportAmount": "60.000.000",
    "items.0.totalCost": "90.000.000 đ",
    "items.0.months": "",
    ...overrides,
  };
}

async function newForm() {
  cooperative = await registerFor(stack, { activity: "A2" });
  const res = await page(stack, "GET", "/app/proposals/new", { user: U.commune });
  expect(res.status, res.html).toBe(200);
  return res;
}

async function createByForm(overrides: Record<string, string> = {}) {
  const form = await newForm();
  const res = await page(stack, "POST", "/app/proposals", {
    user: U.commune,
    form: draftForm(csrfOf(form.html), overrides),
  });
  expect(res.status, res.html).toBe(303);
  const id = /\/app\/proposals\/([^?]+)\?saved=new$/.exec(res.location ?? "")?.[1];
  expect(id, res.location ?? "").toBeTruthy();
  return decodeURIComponent(id ?? "");
}

describe("the commune officer's pages", () => {
  it("GIVEN a commune officer WHEN they open the inbox (where sign-in lands) THEN they are sent to their proposals, which lists by status in Vietnamese under 100 KB", async () => {
    const inbox = await page(stack, "GET", "/app/tasks", { user: U.commune });
    expect(inbox.status).toBe(303);
    expect(inbox.location).toBe("/app/proposals");
    const id = await createByForm();
    const list = await page(stack, "GET", "/app/proposals", { user: U.commune });
    expect(list.status).toBe(200);
    expect(list.html).toContain('lang="vi"');
    expect(list.html).toContain("Đề xuất của xã");
    expect(list.html).toContain("Dự thảo");
    expect(list.html).toContain(`/app/proposals/${id}`);
    expect(list.html).not.toContain("COOPERATIVE");
    expect(list.bytes).toBeLessThan(100_000);
    const drafts = await page(stack, "GET", "/app/proposals?status=IN_REVIEW", { user: U.commune });
    expect(drafts.html).not.toContain(`/app/proposals/${id}`);
  });

  it("GIVEN the new-proposal form WHEN fields are wrong THEN each error is on its field in Vietnamese and what was typed is kept (400, not 500)", async () => {
    const form = await newForm();
    expect(form.html).toContain("Hỗ trợ ứng dụng khoa học công nghệ cho tổ nhóm sinh kế, THT, HTX");
    expect(form.bytes).toBeLessThan(100_000);
    const res = await page(stack, "POST", "/app/proposals", {
      user: U.commune,
      form: draftForm(csrfOf(form.html), {
        title: "",
        "items.0.supportAmount": "sáu mươi triệu",
        "items.0.totalCost": "1000",
      }),
    });
    expect(res.status).toBe(400);
    expect(res.html).toContain("Vui lòng sửa các mục được đánh dấu bên dưới");
    expect(res.html).toMatch(/id="f-title"[^>]*aria-invalid="true"/);
    expect(res.html).toContain("Bắt buộc nhập");
    expect(res.html).toContain("Phải là số tiền bằng đồng");
    expect(res.html).toContain("sáu mươi triệu");
    // The rules across fields (an activity's kinds of beneficiary) once the fields themselves pass.
    const kind = await page(stack, "POST", "/app/proposals", {
      user: U.commune,
      form: draftForm(csrfOf(form.html), {
        beneficiaryId: await registerFor(stack, { kind: "SAVINGS_GROUP" }),
      }),
    });
    expect(kind.status).toBe(400);
    expect(kind.html).toContain("Hoạt động này chỉ hỗ trợ: Tổ nhóm sinh kế");
    // A control character in a field is a field error too.
    const bad = await page(stack, "POST", "/app/proposals", {
      user: U.commune,
      form: draftForm(csrfOf(form.html), { title: "a\u0007b" }),
    });
    expect(bad.status).toBe(400);
    // A forged or missing CSRF token saves nothing.
    const forged = await page(stack, "POST", "/app/proposals", {
      user: U.commune,
      form: draftForm("forged"),
    });
    expect(forged.status).toBe(403);
    // "Add an item" without JavaScript: one more row, nothing saved.
    const more = await page(stack, "POST", "/app/proposals", {
      user: U.commune,
      form: { ...draftForm(csrfOf(form.html)), op: "addItem" },
    });
    expect(more.status).toBe(200);
    expect(more.html).toContain('name="items.1.code"');
  });

  it("GIVEN a saved draft WHEN the officer opens it, sees the norm pre-check and submits THEN it is in review; returned with a comment it shows the comment, is edited and resubmitted, and the timeline tells it all", async () => {
    const id = await createByForm();
    const view = await page(stack, "GET", `/app/proposals/${id}?saved=new`, { user: U.commune });
    expect(view.status).toBe(200);
    expect(view.html).toContain('data-saved="new"');
    expect(view.html).toContain("Kiểm tra định mức trước khi gửi");
    expect(view.html).toContain("Đạt định mức");
    expect(view.html).toContain("Lập dự thảo đề xuất");
    const sent = await page(stack, "POST", `/app/proposals/${id}`, {
      user: U.commune,
      form: { _csrf: csrfOf(view.html), _version: "1", op: "submit" },
    });
    expect(sent.status, sent.html).toBe(303);
    const taskId = await waitForTask(stack, id);
    const returned = await decide(stack, taskId, "return", "Bổ sung báo giá thiết kế nhãn");
    expect(returned.status, returned.text).toBe(200);
    await waitForStatus(stack, id, "RETURNED");

    // The commune is told by email (the scheduled notices, every minute), and its link opens
    // the proposal page for the commune officer.
    await stack.advanceClock(61);
    const ref = (await getProposal(stack, id)).reference;
    const mail = await waitFor("the commune's notice", async () =>
      (await stack.mails()).find(
        (m) => m.to.includes("commune.batxat@demo.local") && m.subject.includes(ref),
      ),
    );
    expect(mail.subject).toContain("được trả lại để bổ sung");
    expect(mail.text).toContain("Ý kiến: Bổ sung báo giá thiết kế nhãn");
    const links = mail.links.filter((l) => l.includes("/app/"));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      const opened = await page(stack, "GET", pathOf(l), { user: U.commune });
      expect(opened.status, l).toBe(200);
      expect(opened.html).toContain("Bổ sung báo giá thiết kế nhãn");
    }

    const back = await page(stack, "GET", `/app/proposals/${id}`, { user: U.commune });
    expect(back.html).toContain("Trả lại để bổ sung");
    expect(back.html).toContain("Bổ sung báo giá thiết kế nhãn");
    expect(back.html).toContain("Sửa và gửi lại");
    const edit = await page(stack, "GET", `/app/proposals/${id}/edit`, { user: U.commune });
    expect(edit.status).toBe(200);
    expect(edit.html).toContain("Bổ sung báo giá thiết kế nhãn");
    const p = await getProposal(stack, id);
    // A stale version keeps what was typed and says so.
    const stale = await page(stack, "POST", `/app/proposals/${id}`, {
      user: U.commune,
      form: draftForm(csrfOf(edit.html), { _version: String(p.version - 1), title: "Tên mới" }),
    });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("vừa được thay đổi ở nơi khác");
    expect(stale.html).toContain("Tên mới");
    const saved = await page(stack, "POST", `/app/proposals/${id}`, {
      user: U.commune,
      form: draftForm(csrfOf(edit.html), {
        _version: String(p.version),
        "items.0.description": "Thương hiệu, tem truy xuất và báo giá thiết kế nhãn",
      }),
    });
    expect(saved.status, saved.html).toBe(303);
    expect(saved.location).toBe(`/app/proposals/${id}?saved=edit-${id}`);
    const again = await page(stack, "GET", `/app/proposals/${id}`, { user: U.commune });
    expect(again.html).toContain("Gửi lại thẩm định");
    const resent = await page(stack, "POST", `/app/proposals/${id}`, {
      user: U.commune,
      form: { _csrf: csrfOf(again.html), _version: String(p.version + 1), op: "submit" },
    });
    expect(resent.status, resent.html).toBe(303);
    await waitForTask(stack, id, 2);
    const done = await page(stack, "GET", `/app/proposals/${id}`, { user: U.commune });
    expect(done.html).toContain("Đang thẩm định");
    expect(done.html).toContain("Lần gửi thứ 2");
    expect(done.html).not.toContain("review.returned");
    expect(done.html).not.toMatch(/>IN_REVIEW</);
    // Submitting again from the old page: the page says it can no longer be submitted.
    const twice = await page(stack, "POST", `/app/proposals/${id}`, {
      user: U.commune,
      form: { _csrf: csrfOf(again.html), _version: String(p.version + 1), op: "submit" },
    });
    expect([409, 303]).toContain(twice.status);
  });

  it("GIVEN another commune's officer or a bad id WHEN they open a proposal page THEN a page says so (403/404/400), never a 500", async () => {
    const id = await createByForm();
    const other = await page(stack, "GET", `/app/proposals/${id}`, { user: U.commune2 });
    expect(other.status).toBe(403);
    const none = await page(stack, "GET", "/app/proposals/nope-0000", { user: U.commune });
    expect(none.status).toBe(404);
    const long = await page(stack, "GET", `/app/proposals/${"x".repeat(3000)}`, {
      user: U.commune,
    });
    expect(long.status).toBe(400);
    const post = await page(stack, "POST", `/app/proposals/${id}`, {
      user: U.commune2,
      form: { _csrf: "x", op: "submit", _version: "1" },
    });
    expect(post.status).toBeLessThan(500);
    expect(post.status).toBeGreaterThanOrEqual(400);
    const anon = await page(stack, "GET", "/app/proposals");
    expect(anon.status).toBe(303);
  });
});
