/** The sweep (reminders, escalation, retries), the review timetable and routing, in memory. */
import { beforeEach, describe, expect, it } from "vitest";
import { verifyChain } from "../../../shared/audit/domain/chain.ts";
import { setReviewUnit } from "../../../shared/directory/use-cases/routing.ts";
import { unitsFor } from "../../../shared/directory/use-cases/units.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../../../shared/kernel/errors.ts";
import { submitProposal } from "../../../shared/proposals/use-cases/proposals.ts";
import { decideTask } from "../../../shared/review/use-cases/review.ts";
import {
  reviewSettingsFor,
  updateReviewSettings,
} from "../../../shared/review/use-cases/review-settings.ts";
import { claimTask } from "../../../shared/review/use-cases/task-assignment.ts";
import { auditStreams } from "../../../shared/tables/audit-table.ts";
import { sweep } from "../../../shared/workflow/use-cases/sweep.ts";
import {
  at,
  openTask,
  P,
  type ReviewWorld,
  reviewWorld,
} from "../../support/memory/review-world.ts";

let w: ReviewWorld;
beforeEach(() => {
  w = reviewWorld();
});

const OPENED = "2026-06-01T02:00:00.000Z";
/** The task opened at OPENED is due five days later (SLA 120 h). */
const DUE = "2026-06-06T02:00:00.000Z";
const hoursFrom = (iso: string, h: number) =>
  new Date(Date.parse(iso) + h * 3_600_000).toISOString();
const recipients = (from: number) =>
  w.mailer.sent
    .slice(from)
    .map((m) => m.to[0])
    .sort();

describe("GIVEN an open, notified review task WHEN the sweep runs", () => {
  it("THEN before the reminder window nothing happens", async () => {
    await openTask(w, OPENED);
    const sent = w.mailer.sent.length;
    expect(await sweep(w, hoursFrom(OPENED, 1))).toEqual({
      signalsDelivered: 0,
      // Its execution runs: checked, nothing to repair.
      repair: { checked: 1, repaired: 0, gaveUp: 0 },
      notified: 0,
      reminded: 0,
      escalated: 0,
    });
    expect(w.mailer.sent.length).toBe(sent);
  });

  it("THEN within 24 h of the due date the unit's approvers are reminded once", async () => {
    const { task } = await openTask(w, OPENED);
    const sent = w.mailer.sent.length;
    const now = hoursFrom(DUE, -23);
    expect((await sweep(w, now)).reminded).toBe(1);
    expect(recipients(sent)).toEqual([
      "approver.batxat@p8.test",
      "approver2.batxat@p8.test",
      "lead.batxat@p8.test",
    ]);
    expect(w.mailer.sent.at(-1)?.subject).toContain("Nhắc việc");
    expect(await w.tasks.find(task.id)).toMatchObject({ remindersSent: 1, lastReminderAt: now });
    expect((await sweep(w, hoursFrom(now, 1))).reminded).toBe(0);
  });

  it("THEN a claimed task's reminder goes to its holder only", async () => {
    const { task } = await openTask(w, OPENED);
    await claimTask(w, P.approver2, at(hoursFrom(OPENED, 1), P.approver2), task.id);
    const sent = w.mailer.sent.length;
    await sweep(w, hoursFrom(DUE, -1));
    expect(recipients(sent)).toEqual(["approver2.batxat@p8.test"]);
  });

  it("THEN once overdue it escalates to the unit lead, then after 48 h to the province", async () => {
    const { task } = await openTask(w, OPENED);
    await sweep(w, hoursFrom(DUE, -1));
    let sent = w.mailer.sent.length;
    expect((await sweep(w, hoursFrom(DUE, 1))).escalated).toBe(1);
    expect(recipients(sent)).toEqual(["lead.batxat@p8.test"]);
    expect(w.mailer.sent.at(-1)?.subject).toContain("Quá hạn");
    expect(await w.tasks.find(task.id)).toMatchObject({ escalationLevel: 1, priority: "high" });
    expect((await sweep(w, hoursFrom(DUE, 2))).escalated).toBe(0);
    sent = w.mailer.sent.length;
    expect((await sweep(w, hoursFrom(DUE, 49))).escalated).toBe(1);
    expect(recipients(sent)).toEqual(["province.laocai@p8.test"]);
    expect((await w.tasks.find(task.id))?.escalationLevel).toBe(2);
    expect((await sweep(w, hoursFrom(DUE, 60))).escalated).toBe(0);
  });

  it("THEN a decided task is left alone", async () => {
    const { task } = await openTask(w, OPENED);
    await decideTask(w, P.approver, at(hoursFrom(OPENED, 1), P.approver), task.id, {
      decision: "approve",
    });
    const sent = w.mailer.sent.length;
    expect(await sweep(w, hoursFrom(DUE, 1))).toMatchObject({ reminded: 0, escalated: 0 });
    expect(w.mailer.sent.length).toBe(sent);
  });
});

describe("GIVEN failures the sweep repairs", () => {
  it("WHEN the assignment mail failed THEN the next sweep sends it, and marks it only once it went out", async () => {
    w.mailer.fail();
    const { task } = await openTask(w, OPENED);
    expect((await sweep(w, hoursFrom(OPENED, 1))).notified).toBe(0);
    expect((await w.tasks.find(task.id))?.notifiedAt).toBeUndefined();
    w.mailer.recover();
    const now = hoursFrom(OPENED, 2);
    expect((await sweep(w, now)).notified).toBe(1);
    expect((await w.tasks.find(task.id))?.notifiedAt).toBe(now);
    expect(w.mailer.sent.filter((m) => m.subject.includes("chờ thẩm định"))).toHaveLength(3);
    expect((await sweep(w, hoursFrom(OPENED, 3))).notified).toBe(0);
  });

  it("WHEN starting a submission's execution failed THEN the sweep delivers the outbox entry", async () => {
    const { proposal, task } = await openTask(w, OPENED);
    await decideTask(w, P.approver, at(hoursFrom(OPENED, 1), P.approver), task.id, {
      decision: "return",
      comment: "Bổ sung",
    });
    const returned = await w.proposals.find(proposal.id);
    if (!returned) throw new Error("proposal");
    w.workflow.failNextStart();
    await expect(
      submitProposal(
        w,
        P.commune,
        at(hoursFrom(OPENED, 2), P.commune),
        proposal.id,
        returned.version,
      ),
    ).rejects.toThrow("StartExecution failed");
    expect((await sweep(w, hoursFrom(OPENED, 3))).signalsDelivered).toBe(1);
    expect(w.workflow.started).toContainEqual({ proposalId: proposal.id, submissionNo: 2 });
  });
});

describe("GIVEN the review timetable", () => {
  it("WHEN nothing was set THEN the defaults are in force; only an admin reads them", async () => {
    expect(await reviewSettingsFor(w, P.admin)).toEqual({
      reviewSlaHours: 120,
      remindBeforeHours: 24,
      escalateProvinceAfterHours: 48,
      linkExpiryDays: 7,
    });
    await expect(reviewSettingsFor(w, P.lead)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("WHEN an admin changes it THEN the change is an audit event on its own stream, chained, and the next task and sweep use it", async () => {
    const first = await updateReviewSettings(w, P.admin, at("2026-05-01T00:00:00.000Z", P.admin), {
      reviewSlaHours: 72,
    });
    expect(first).toMatchObject({
      reviewSlaHours: 72,
      remindBeforeHours: 24,
      updatedBy: "admin",
      updatedAt: "2026-05-01T00:00:00.000Z",
    });
    await updateReviewSettings(w, P.admin, at("2026-05-02T00:00:00.000Z", P.admin), {
      remindBeforeHours: 48,
    });
    const events = w.db.events(auditStreams.reviewSettings());
    expect(events.map((e) => [e.seq, e.type, e.actorId])).toEqual([
      [1, "settings.review_changed", "admin"],
      [2, "settings.review_changed", "admin"],
    ]);
    expect(events[0]?.data?.changed).toEqual({ reviewSlaHours: { from: 120, to: 72 } });
    expect(events[1]?.data?.changed).toEqual({ remindBeforeHours: { from: 24, to: 48 } });
    expect(verifyChain(events).ok).toBe(true);

    const { task } = await openTask(w, OPENED);
    expect(task.dueAt).toBe(hoursFrom(OPENED, 72));
    // Reminded 48 h before the due date now, not 24.
    expect((await sweep(w, hoursFrom(OPENED, 72 - 47))).reminded).toBe(1);
  });

  it("WHEN the change is invalid or by someone else THEN 400 / 403 and no event, no write", async () => {
    const commits = w.db.commits;
    const err = await updateReviewSettings(w, P.admin, at("2026-05-01T00:00:00.000Z", P.admin), {
      remindBeforeHours: 200,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors[0]?.field).toBe("remindBeforeHours");
    await expect(
      updateReviewSettings(w, P.lead, at("2026-05-01T00:00:00.000Z", P.lead), {
        reviewSlaHours: 1,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(w.db.commits).toBe(commits);
    expect(w.db.events(auditStreams.reviewSettings())).toEqual([]);
  });

  it("WHEN two admins change it at once from the same reading THEN one wins and the other is 409", async () => {
    const current = await w.settings.current();
    // The second admin read the same settings before the first committed.
    const stale = { ...w, settings: { ...w.settings, current: async () => current } };
    await updateReviewSettings(w, P.admin, at("2026-05-01T00:00:00.000Z", P.admin), {
      reviewSlaHours: 72,
    });
    await expect(
      updateReviewSettings(stale, P.admin, at("2026-05-01T00:00:01.000Z", P.admin), {
        reviewSlaHours: 96,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await w.settings.current()).reviewSlaHours).toBe(72);
    expect(w.db.events(auditStreams.reviewSettings())).toHaveLength(1);
  });
});

describe("GIVEN routing as data", () => {
  it("WHEN an admin moves a commune to another reviewing unit THEN it is audited on the unit's stream, open tasks stay and the next task goes to the new unit", async () => {
    const { task: before } = await openTask(w, OPENED);
    const moved = await setReviewUnit(
      w,
      P.admin,
      at("2026-06-01T05:00:00.000Z", P.admin),
      "C-BATXAT",
      "RU-SP",
    );
    expect(moved.reviewUnitId).toBe("RU-SP");
    const events = w.db.events(auditStreams.unit("C-BATXAT"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "unit.review_unit_changed",
      from: "RU-BX",
      to: "RU-SP",
      actorId: "admin",
      communeId: "C-BATXAT",
      reviewUnitId: "RU-SP",
      provinceId: "P-LC",
    });
    expect((await w.tasks.find(before.id))?.reviewUnitId).toBe("RU-BX");
    const { task: after, proposal } = await openTask(w, "2026-06-01T06:00:00.000Z");
    expect(after.reviewUnitId).toBe("RU-SP");
    expect(proposal.reviewUnitId).toBe("RU-SP");
    expect(w.mailer.sent.at(-1)?.to).toEqual(["approver.sapa@p8.test"]);
    // Moving it back chains the next event.
    await setReviewUnit(w, P.admin, at("2026-06-01T07:00:00.000Z", P.admin), "C-BATXAT", "RU-BX");
    const chain = w.db.events(auditStreams.unit("C-BATXAT"));
    expect(chain.map((e) => e.seq)).toEqual([1, 2]);
    expect(verifyChain(chain).ok).toBe(true);
  });

  it("WHEN the routing is unchanged THEN nothing is written", async () => {
    const commits = w.db.commits;
    await setReviewUnit(w, P.admin, at(OPENED, P.admin), "C-BATXAT", "RU-BX");
    expect(w.db.commits).toBe(commits);
  });

  it("WHEN the request is wrong THEN 403 for a non-admin, 400 naming the field otherwise", async () => {
    await expect(
      setReviewUnit(w, P.lead, at(OPENED, P.lead), "C-BATXAT", "RU-SP"),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const notCommune = await setReviewUnit(w, P.admin, at(OPENED, P.admin), "RU-BX", "RU-SP").catch(
      (e: unknown) => e,
    );
    expect((notCommune as ValidationError).errors[0]?.field).toBe("id");
    const notUnit = await setReviewUnit(
      w,
      P.admin,
      at(OPENED, P.admin),
      "C-BATXAT",
      "C-TAVAN",
    ).catch((e: unknown) => e);
    expect((notUnit as ValidationError).errors[0]?.field).toBe("reviewUnitId");
  });

  it("WHEN another admin changed the routing since it was read THEN 409 and no event", async () => {
    const stale = await w.directory.findUnitFresh("C-BATXAT");
    const ports = {
      ...w,
      directory: {
        ...w.directory,
        findUnitFresh: async (id: string) =>
          id === "C-BATXAT" ? stale : w.directory.findUnitFresh(id),
      },
    };
    await setReviewUnit(w, P.admin, at(OPENED, P.admin), "C-BATXAT", "RU-SP");
    await expect(
      setReviewUnit(ports, P.admin, at(OPENED, P.admin), "C-BATXAT", "P-LC"),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(w.db.events(auditStreams.unit("C-BATXAT"))).toHaveLength(1);
    expect((await w.directory.findUnit("C-BATXAT"))?.reviewUnitId).toBe("RU-SP");
  });

  it("THEN every role reads the units of its province", async () => {
    expect((await unitsFor(w, P.commune)).map((u) => u.id)).toContain("C-TAVAN");
  });
});
