import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a2Draft, createDraft, submitAndOpen, U, waitFor } from "../support/proposals.ts";

/** Routing and the review timetable as data, on the local stack's controllable clock. */
let stack: StackHandle;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

const HOUR = 3_600;
const mailsAbout = async (reference: string, subjectPart: string) =>
  (await stack.mails()).filter(
    (m) => m.subject.includes(reference) && m.subject.includes(subjectPart),
  );
const settle = () => new Promise((r) => setTimeout(r, 1_500));

describe("routing as data", () => {
  it("GIVEN an admin moves a commune to another reviewing unit THEN its next task goes there", async () => {
    const denied = await stack.api("PUT", "/v1/units/C-BATXAT/review-unit", {
      token: U.approver,
      body: { reviewUnitId: "RU-SP" },
    });
    expect(denied.status).toBe(403);
    const bad = await stack.api("PUT", "/v1/units/C-BATXAT/review-unit", {
      token: U.admin,
      body: { reviewUnitId: "C-YTY" },
    });
    expect(bad.status).toBe(400);

    const before = await createDraft(stack, a2Draft());
    const moved = await stack.api<{ reviewUnitId: string }>(
      "PUT",
      "/v1/units/C-BATXAT/review-unit",
      { token: U.admin, body: { reviewUnitId: "RU-SP" } },
    );
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect(moved.json.reviewUnitId).toBe("RU-SP");

    const taskId = await submitAndOpen(stack, before);
    const task = await stack.api<{ reviewUnitId: string }>("GET", `/v1/tasks/${taskId}`, {
      token: U.province,
    });
    expect(task.json.reviewUnitId).toBe("RU-SP");
    expect((await stack.api("GET", `/v1/tasks/${taskId}`, { token: U.approver })).status).toBe(403);
    const rubx = await stack.api<{ tasks: { id: string }[] }>("GET", "/v1/tasks?status=OPEN", {
      token: U.approver,
    });
    expect(rubx.json.tasks.map((x) => x.id)).not.toContain(taskId);

    const back = await stack.api("PUT", "/v1/units/C-BATXAT/review-unit", {
      token: U.admin,
      body: { reviewUnitId: "RU-BX" },
    });
    expect(back.status).toBe(200);
    const next = await submitAndOpen(stack, await createDraft(stack, a2Draft()));
    expect(
      (await stack.api<{ reviewUnitId: string }>("GET", `/v1/tasks/${next}`, { token: U.approver }))
        .json.reviewUnitId,
    ).toBe("RU-BX");
  });
});

describe("reminders and escalation at the configured times", () => {
  it("GIVEN SLA 48 h, remind 12 h before, province 24 h after WHEN the clock moves THEN each mail comes at its time, to the right people, with links", async () => {
    const set = await stack.api<{ reviewSlaHours: number }>("PUT", "/v1/settings/review", {
      token: U.admin,
      body: { reviewSlaHours: 48, remindBeforeHours: 12, escalateProvinceAfterHours: 24 },
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(
      (
        await stack.api("PUT", "/v1/settings/review", {
          token: U.approver,
          body: { reviewSlaHours: 1 },
        })
      ).status,
    ).toBe(403);

    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const task = await stack.api<{ createdAt: string; dueAt: string }>(
      "GET",
      `/v1/tasks/${taskId}`,
      { token: U.approver },
    );
    expect(Date.parse(task.json.dueAt) - Date.parse(task.json.createdAt)).toBe(48 * HOUR * 1000);

    await stack.advanceClock(35 * HOUR);
    await settle();
    expect(await mailsAbout(draft.reference, "Nhắc việc")).toHaveLength(0);

    await stack.advanceClock(1 * HOUR + 600);
    const reminders = await waitFor("the reminders", async () => {
      const m = await mailsAbout(draft.reference, "Nhắc việc");
      return m.length >= 3 ? m : undefined;
    });
    expect(reminders.every((m) => m.links.some((l) => l.includes("/l/")))).toBe(true);
    expect(await mailsAbout(draft.reference, "Quá hạn")).toHaveLength(0);

    await stack.advanceClock(12 * HOUR);
    const toLead = await waitFor("the escalation to the lead", async () =>
      (await mailsAbout(draft.reference, "Quá hạn")).find((m) =>
        m.to.includes("lead.batxat@demo.local"),
      ),
    );
    expect(toLead.links.some((l) => l.includes("/l/"))).toBe(true);
    await settle();
    expect(
      (await mailsAbout(draft.reference, "Quá hạn")).some((m) =>
        m.to.includes("province.laocai@demo.local"),
      ),
    ).toBe(false);

    await stack.advanceClock(24 * HOUR);
    const toProvince = await waitFor("the escalation to the province", async () =>
      (await mailsAbout(draft.reference, "Quá hạn")).find((m) =>
        m.to.includes("province.laocai@demo.local"),
      ),
    );
    // The province cannot decide: its mail links to the task page, not a decision link.
    expect(toProvince.links.some((l) => l.includes("/app/tasks/"))).toBe(true);
    const high = await stack.api<{ priority: string; escalationLevel: number }>(
      "GET",
      `/v1/tasks/${taskId}`,
      { token: U.approver },
    );
    expect(high.json).toMatchObject({ priority: "high", escalationLevel: 2 });
  });
});
