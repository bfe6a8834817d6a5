import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityName, money } from "../../shared/web/i18n.ts";
import {
  csrfOf,
  decideByLink,
  linkFor,
  linksIn,
  page,
  pathOf,
} from "../support/approver-helpers.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  createDraft,
  decide,
  getProposal,
  submitAndOpen,
  U,
  waitFor,
  waitForStatus,
} from "../support/proposals.ts";

/** Email links over HTTP on the local stack: scanners, single use, binding, expiry, reassignment, races. */
let stack: StackHandle;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

const history = async (id: string) =>
  (
    await stack.api<{ events: { type: string; channel: string }[] }>(
      "GET",
      `/v1/proposals/${id}/history`,
      { token: U.auditor },
    )
  ).json.events;

describe("email links", () => {
  it("GIVEN a full lifecycle WHEN a scanner GETs every link of every email THEN nothing is decided", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    await waitFor("the three assignment mails", async () =>
      (await stack.mails()).filter((m) => m.subject.includes(draft.reference)).length >= 3
        ? true
        : undefined,
    );
    const scan = async () => {
      const links = (await stack.mails()).flatMap(linksIn);
      for (const l of links) {
        // A scanner without cookies, and a mail client previewing inside a signed-in browser.
        expect((await page(stack, "GET", pathOf(l))).status).toBeLessThan(500);
        expect((await page(stack, "GET", pathOf(l), { user: U.approver })).status).toBeLessThan(
          500,
        );
      }
      return links.length;
    };
    expect(await scan()).toBeGreaterThanOrEqual(3);
    const task = await stack.api<{ status: string }>("GET", `/v1/tasks/${taskId}`, {
      token: U.approver,
    });
    expect(task.json.status).toBe("OPEN");
    expect((await getProposal(stack, draft.id)).status).toBe("IN_REVIEW");

    const decided = await decide(stack, taskId, "approve");
    expect(decided.status, decided.text).toBe(200);
    await waitForStatus(stack, draft.id, "APPROVED");
    await scan();
    const events = await history(draft.id);
    expect(
      events.filter(
        (e) =>
          e.type.startsWith("review.approved") ||
          e.type.startsWith("review.returned") ||
          e.type.startsWith("review.rejected"),
      ),
    ).toHaveLength(1);
    expect((await getProposal(stack, draft.id)).status).toBe("APPROVED");
  });

  it("GIVEN a link WHEN its approver decides through it THEN the decision is recorded (channel email_link) and the link is spent", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const link = await linkFor(stack, U.approver, draft.reference);
    expect(link).toMatch(/^\/l\/[A-Za-z0-9_-]{43}$/);
    expect(link).not.toContain(taskId);

    const anonymous = await page(stack, "GET", link);
    expect(anonymous.status).toBe(200);
    expect(anonymous.html).toContain(draft.reference);
    expect(anonymous.html).toContain("Đăng nhập để quyết định");
    expect(anonymous.html).not.toContain('name="decision"');
    // Before sign-in only the reference (the mail's subject has it): a leaked link names no
    // activity, commune or amount (issue 16); the bound approver signed in sees them.
    const facts = [activityName("vi", "A2"), money("vi", 60_000_000), "Bát Xát"];
    for (const fact of facts) expect(anonymous.html).not.toContain(fact);
    const signedIn = await page(stack, "GET", link, { user: U.approver });
    for (const fact of facts) expect(signedIn.html).toContain(fact);
    const other = await page(stack, "GET", link, { user: U.approver2 });
    for (const fact of facts) expect(other.html).not.toContain(fact);

    const done = await decideByLink(stack, link, U.approver, "approve");
    expect(done.status, done.html).toBe(200);
    expect(done.html).toContain("Quyết định đã được ghi nhận");
    expect((await history(draft.id)).find((e) => e.type === "review.approved")?.channel).toBe(
      "email_link",
    );

    const again = await decideByLink(stack, link, U.approver, "reject", "lần hai");
    expect(again.status).toBe(409);
    expect(again.html).toContain("Nguyễn Thị Hoa");
    expect(again.html).not.toContain('name="decision"');
    await waitForStatus(stack, draft.id, "APPROVED");
  });

  it("GIVEN a link sent to approver A WHEN approver B opens or posts it THEN B cannot decide", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const link = await linkFor(stack, U.approver, draft.reference);
    const asB = await page(stack, "GET", link, { user: U.approver2 });
    expect(asB.html).toContain("gửi cho một cán bộ khác");
    expect(asB.html).not.toContain('name="decision"');
    const ownOfA = await page(stack, "GET", link, { user: U.approver });
    const forged = await page(stack, "POST", link, {
      user: U.approver2,
      form: { _csrf: csrfOf(ownOfA.html), op: "decide", decision: "approve" },
    });
    expect(forged.status).toBe(403);
    const noCsrf = await page(stack, "POST", link, {
      user: U.approver,
      form: { op: "decide", decision: "approve" },
    });
    expect(noCsrf.status).toBe(403);
    const anonymousPost = await page(stack, "POST", link, { form: { decision: "approve" } });
    expect(anonymousPost.status).toBe(303);
    const task = await stack.api<{ status: string }>("GET", `/v1/tasks/${taskId}`, {
      token: U.approver,
    });
    expect(task.json.status).toBe("OPEN");
  });

  it("GIVEN a task reassigned by the lead WHEN an old link is opened THEN it says to whom, and the new assignee's link decides", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const oldLink = await linkFor(stack, U.approver, draft.reference);
    const notLead = await stack.api("POST", `/v1/tasks/${taskId}/reassign`, {
      token: U.approver,
      body: { assignee: U.approver2 },
    });
    expect(notLead.status).toBe(403);
    const res = await stack.api<{ assignee: string; assignmentNo: number }>(
      "POST",
      `/v1/tasks/${taskId}/reassign`,
      { token: U.lead, body: { assignee: U.approver2 } },
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ assignee: U.approver2, assignmentNo: 1 });

    const old = await page(stack, "GET", oldLink, { user: U.approver });
    expect(old.status).toBe(200);
    expect(old.html).toContain("đã được giao lại cho Trần Thị Lan");
    expect(old.html).not.toContain('name="decision"');
    const oldPost = await page(stack, "POST", oldLink, {
      user: U.approver,
      form: {
        _csrf: csrfOf(
          (await page(stack, "GET", `/app/tasks/${taskId}`, { user: U.approver })).html,
        ),
        decision: "approve",
      },
    });
    expect(oldPost.status).toBeGreaterThanOrEqual(400);

    const newLink = await waitFor("the new assignee's link", async () => {
      const m = (await stack.mails()).find(
        (x) =>
          x.to.some((t) => t.startsWith(`${U.approver2}@`)) &&
          x.subject.includes(draft.reference) &&
          x.links.some((l) => l.includes("/l/")) &&
          !x.links.some((l) => pathOf(l) === oldLink),
      );
      const l = m?.links.find((x) => x.includes("/l/"));
      return l ? pathOf(l) : undefined;
    });
    // approver2 got two mails (assignment to the unit, then the reassignment): the newest decides.
    const mails = (await stack.mails()).filter(
      (x) =>
        x.to.some((t) => t.startsWith(`${U.approver2}@`)) && x.subject.includes(draft.reference),
    );
    const newest = pathOf(mails[0]?.links.find((l) => l.includes("/l/")) ?? newLink);
    const done = await decideByLink(stack, newest, U.approver2, "return", "Bổ sung dự toán");
    expect(done.status, done.html).toBe(200);
    await waitForStatus(stack, draft.id, "RETURNED");
  });

  it("GIVEN two approvers WHEN both decide one task at once THEN exactly one decision is recorded and the other is told who decided", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const linkA = await linkFor(stack, U.approver, draft.reference);
    const linkB = await linkFor(stack, U.approver2, draft.reference);
    const [openA, openB] = await Promise.all([
      page(stack, "GET", linkA, { user: U.approver }),
      page(stack, "GET", linkB, { user: U.approver2 }),
    ]);
    const [a, b] = await Promise.all([
      page(stack, "POST", linkA, {
        user: U.approver,
        form: { _csrf: csrfOf(openA.html), decision: "approve" },
      }),
      page(stack, "POST", linkB, {
        user: U.approver2,
        form: { _csrf: csrfOf(openB.html), decision: "reject", comment: "Không phù hợp" },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winnerName = a.status === 200 ? "Nguyễn Thị Hoa" : "Trần Thị Lan";
    expect(loser.html, loser.html.slice(-1500)).toContain(`bởi ${winnerName}`);
    const decisions = (await history(draft.id)).filter((e) =>
      ["review.approved", "review.rejected", "review.returned"].includes(e.type),
    );
    expect(decisions).toHaveLength(1);
    const api = await decide(stack, taskId, "approve", undefined, U.lead);
    expect(api.status).toBe(409);
  });

  it("GIVEN a link older than its expiry (7 days) WHEN opened THEN it says it expired and cannot decide; a timed-out task says so", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const link = await linkFor(stack, U.approver, draft.reference);
    await stack.advanceClock(7 * 86_400 + 60);
    const opened = await page(stack, "GET", link, { user: U.approver });
    expect(opened.status).toBe(200);
    expect(opened.html).toContain("Liên kết đã hết hạn");
    const post = await page(stack, "POST", link, {
      user: U.approver,
      form: {
        _csrf: csrfOf(
          (await page(stack, "GET", `/app/tasks/${taskId}`, { user: U.approver })).html,
        ),
        decision: "approve",
      },
    });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(
      (await stack.api<{ status: string }>("GET", `/v1/tasks/${taskId}`, { token: U.approver }))
        .json.status,
    ).toBe("OPEN");

    // The review timeout (30 days): the task expires and the proposal goes back to the commune.
    await stack.advanceClock(24 * 86_400);
    await waitForStatus(stack, draft.id, "RETURNED");
    const late = await decide(stack, taskId, "approve");
    expect(late.status).toBe(409);
    expect(late.text).toContain("deadline passed");
    const afterTimeout = await page(stack, "GET", link, { user: U.approver });
    expect(afterTimeout.html).toContain("Đã quá hạn thẩm định");
    // What happened to the task is for the signed-in approver, not for whoever holds the link.
    const anonymous = await page(stack, "GET", link);
    expect(anonymous.html).not.toContain("Đã quá hạn thẩm định");
    expect(anonymous.html).toContain(draft.reference);
  });
});
