import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../local/demo/users.ts";
import {
  a2Draft,
  createDraft,
  decide,
  submitAndOpen,
  U,
  waitFor,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * Issue 14: every link in every email opens a page that exists for its recipient. The flows
 * that send mail run on the local stack (review tasks to approvers, the commune's returned,
 * approved and paid notices, finance's approved-awaiting-payment, the review sweep's reminders
 * and escalation, the monitoring report reminders); then every link of every message in the
 * local inbox is followed as the user it was sent to, signed in: 200, or a redirect to a page
 * that is 200; HEAD answers the same status.
 */
const stack = useStack();

const userByEmail = new Map(DEMO_USERS.map((u) => [u.email, u.username]));

async function follow(path: string, user: string, method: "GET" | "HEAD" = "GET") {
  const cookie = `p8_token=${await stack.token(user)}`;
  let url = `${stack.urls.api}${path}`;
  const trail: string[] = [];
  for (let hop = 0; hop < 3; hop++) {
    const res = await fetch(url, { method, headers: { cookie }, redirect: "manual" });
    await res.arrayBuffer();
    trail.push(`${res.status} ${new URL(url).pathname}`);
    const location = res.headers.get("location");
    if ((res.status === 302 || res.status === 303) && location) {
      url = new URL(location, url).toString();
      continue;
    }
    return { status: res.status, trail };
  }
  return { status: 0, trail };
}

describe("GIVEN the flows that send mail WHEN every link of every message is followed by its recipient", () => {
  it("THEN each opens a page that exists for them (200), never 404 or 403", async () => {
    // Returned: the approvers' task mails, then the commune's notice with the comment.
    const returned = await createDraft(stack, a2Draft({ title: "Đề xuất trả lại (liên kết thư)" }));
    const t1 = await submitAndOpen(stack, returned);
    expect((await decide(stack, t1, "return", "Bổ sung biên bản")).status).toBe(200);
    await waitForStatus(stack, returned.id, "RETURNED");

    // Approved and paid in full: the commune's notices and finance's mail.
    const paid = await createDraft(stack, a2Draft({ title: "Đề xuất được chi (liên kết thư)" }));
    const t2 = await submitAndOpen(stack, paid);
    expect((await decide(stack, t2, "approve")).status).toBe(200);
    await waitForStatus(stack, paid.id, "APPROVED");
    const amount = 60_000_000;
    const pay = await stack.api("POST", `/v1/proposals/${paid.id}/disbursements`, {
      token: U.finance,
      body: { amount, paidOn: "2026-06-01", reference: "UNC-THU" },
    });
    expect(pay.status, pay.text).toBeLessThan(300);

    // Left open: the sweep's reminder and escalation; a month on, the report reminders.
    const open = await createDraft(stack, a2Draft({ title: "Đề xuất quá hạn (liên kết thư)" }));
    await submitAndOpen(stack, open);
    await stack.advanceClock(61);
    await stack.advanceClock(41 * 86_400); // 2026-07-12: the second quarter's report is overdue

    const kinds = [
      "chờ thẩm định",
      "được trả lại",
      "đã được phê duyệt",
      "đã được giải ngân",
      "báo cáo",
    ];
    const mails = await waitFor("mail of every flow", async () => {
      const all = await stack.mails();
      const subjects = all.map((m) => m.subject).join("\n");
      return kinds.every((k) => subjects.includes(k)) ? all : undefined;
    }).catch(async () => stack.mails());
    const subjects = mails.map((m) => m.subject).join("\n");
    expect(
      kinds.filter((k) => !subjects.includes(k)),
      subjects,
    ).toEqual([]);
    const failures: string[] = [];
    let followed = 0;
    for (const m of mails) {
      const links = m.links.filter((l) => l.startsWith(stack.urls.api));
      for (const to of m.to) {
        const user = userByEmail.get(to);
        if (!user) {
          failures.push(`${m.subject}: sent to ${to}, who is no user`);
          continue;
        }
        for (const link of links) {
          const path = new URL(link).pathname + new URL(link).search;
          const got = await follow(path, user);
          followed++;
          if (got.status !== 200)
            failures.push(`${m.subject} → ${user}: ${path} (${got.trail.join(" → ")})`);
          const head = await follow(path, user, "HEAD");
          if (head.status !== got.status)
            failures.push(`${m.subject} → ${user}: HEAD ${path} ${head.trail.join(" → ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(followed).toBeGreaterThan(5);
  });
});
