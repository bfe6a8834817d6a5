/**
 * Opening and deciding review tasks on in-memory ports: no Java, no stack. The same use cases
 * run on the DynamoDB adapters in the integration tests.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { verifyChain } from "../../../shared/audit/domain/chain.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import { proposalHistoryFor } from "../../../shared/proposals/use-cases/read-proposal.ts";
import {
  decideTask,
  expireReview,
  openReviewTask,
} from "../../../shared/review/use-cases/review.ts";
import { claimTask } from "../../../shared/review/use-cases/task-assignment.ts";
import { linkIdsIn } from "../../support/memory/notifications.ts";
import {
  at,
  openTask,
  P,
  type ReviewWorld,
  reviewWorld,
  tokenOf,
} from "../../support/memory/review-world.ts";

let w: ReviewWorld;
beforeEach(() => {
  w = reviewWorld();
});

const T = "2026-06-01T03:00:00.000Z";

describe("GIVEN a submitted proposal WHEN the workflow opens its review", () => {
  it("THEN the task is open for the commune's reviewing unit, due after the SLA, recorded on the proposal's chain", async () => {
    const { proposal, task } = await openTask(w, "2026-06-01T02:00:00.000Z");
    expect(task).toMatchObject({
      id: `${proposal.id}-r1`,
      status: "OPEN",
      reviewUnitId: "RU-BX",
      amount: 60_000_000,
      dueAt: "2026-06-06T02:00:00.000Z",
    });
    expect((await w.tasks.find(task.id))?.notifiedAt).toBe("2026-06-01T02:00:00.000Z");
    expect(proposal.currentTaskId).toBe(task.id);
    const events = await w.proposals.history(proposal.id);
    expect(events.map((e) => e.type)).toEqual([
      "proposal.created",
      "proposal.submitted",
      "review.task_opened",
    ]);
    expect(events[2]?.data).toMatchObject({ taskId: task.id, reviewUnitId: "RU-BX" });
    expect((await w.tasks.findWithToken(task.id))?.token).toBe(tokenOf(proposal));
  });

  it("THEN each approver of the unit gets a mail of their own with a link bound to them, and no personal data", async () => {
    const { task } = await openTask(w);
    const to = w.mailer.sent.map((m) => m.to[0]).sort();
    expect(to).toEqual([
      "approver.batxat@p8.test",
      "approver2.batxat@p8.test",
      "lead.batxat@p8.test",
    ]);
    const links = w.links.all();
    expect(links.map((l) => l.username).sort()).toEqual([
      "approver.batxat",
      "approver2.batxat",
      "lead.batxat",
    ]);
    expect(
      links.every((l) => l.taskId === task.id && l.expiresAt === "2026-06-08T02:00:00.000Z"),
    ).toBe(true);
    for (const mail of w.mailer.sent) {
      expect(linkIdsIn(mail)).toHaveLength(1);
      expect(mail.text).toContain(task.reference);
      expect(mail.text).not.toContain("HTX Chè Y Tý");
    }
  });

  it("THEN a failed send leaves the task unnotified (the sweep retries) but the task is open", async () => {
    w.mailer.fail();
    const { task } = await openTask(w);
    expect(task.notifiedAt).toBeUndefined();
    expect((await w.tasks.find(task.id))?.notifiedAt).toBeUndefined();
    expect((await w.tasks.find(task.id))?.status).toBe("OPEN");
  });

  it("WHEN the step is retried with a new token THEN the same task waits on the new token", async () => {
    const { proposal, task } = await openTask(w);
    const again = await openReviewTask(
      w,
      { proposalId: proposal.id, submissionNo: 1, taskToken: "token-retried" },
      "2026-06-01T02:05:00.000Z",
    );
    expect(again.id).toBe(task.id);
    expect((await w.tasks.findWithToken(task.id))?.token).toBe("token-retried");
    expect(await w.proposals.history(proposal.id)).toHaveLength(3);
  });

  it("WHEN the step is retried after the decision THEN the decision is handed to the new token", async () => {
    const { proposal, task } = await openTask(w);
    await decideTask(w, P.approver, at(T, P.approver), task.id, { decision: "approve" });
    await openReviewTask(
      w,
      { proposalId: proposal.id, submissionNo: 1, taskToken: "token-late" },
      "2026-06-01T03:05:00.000Z",
    );
    expect(w.workflow.signals.map((s) => s.token)).toEqual([tokenOf(proposal), "token-late"]);
    expect(w.workflow.signals[1]?.output).toMatchObject({
      decision: "approve",
      decidedBy: "approver.batxat",
    });
  });
});

describe("GIVEN an open review task", () => {
  it("WHEN an approver approves THEN the proposal goes to the norm check, the task is done and the workflow is signalled once", async () => {
    const { proposal, task } = await openTask(w);
    const res = await decideTask(w, P.approver, at(T, P.approver), task.id, {
      decision: "approve",
    });
    expect(res.status).toBe("NORM_CHECK");
    expect(res.task).toMatchObject({
      status: "DONE",
      decision: "approve",
      decidedBy: "approver.batxat",
      decidedByName: "Nguyễn Thị Duyệt",
      decidedAt: T,
    });
    expect(await w.tasks.find(task.id)).toMatchObject({ status: "DONE", decision: "approve" });
    const p = await w.proposals.find(proposal.id);
    expect(p).toMatchObject({
      status: "NORM_CHECK",
      lastDecision: { decision: "approve", by: "approver.batxat", channel: "api" },
    });
    expect(p?.currentTaskId).toBeUndefined();
    expect(w.workflow.signals).toEqual([
      {
        token: tokenOf(proposal),
        output: { decision: "approve", taskId: task.id, decidedBy: "approver.batxat" },
      },
    ]);
    expect(w.db.keys("outbox#")).toEqual([]);
    expect((await w.proposals.history(proposal.id)).at(-1)).toMatchObject({
      type: "review.approved",
      actorId: "approver.batxat",
      from: "IN_REVIEW",
      to: "NORM_CHECK",
    });
  });

  it("WHEN it is returned without a comment THEN 400 names the comment and nothing changes; with one THEN RETURNED with the reason", async () => {
    const { proposal, task } = await openTask(w);
    const before = w.db.commits;
    const err = await decideTask(w, P.approver, at(T, P.approver), task.id, {
      decision: "return",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors.map((e) => e.field)).toEqual(["comment"]);
    expect(w.db.commits).toBe(before);
    const res = await decideTask(w, P.approver, at(T, P.approver), task.id, {
      decision: "return",
      comment: "Bổ sung kế hoạch",
    });
    expect(res.status).toBe("RETURNED");
    expect((await w.proposals.find(proposal.id))?.statusReason).toBe("Bổ sung kế hoạch");
    expect((await w.proposals.history(proposal.id)).at(-1)).toMatchObject({
      type: "review.returned",
      reason: "Bổ sung kế hoạch",
    });
  });

  it("WHEN it is rejected with a reason THEN the proposal is REJECTED", async () => {
    const { proposal, task } = await openTask(w);
    const res = await decideTask(w, P.lead, at(T, P.lead), task.id, {
      decision: "reject",
      comment: "Không thuộc đối tượng",
    });
    expect(res.status).toBe("REJECTED");
    expect((await w.proposals.find(proposal.id))?.status).toBe("REJECTED");
  });

  it("WHEN a second approver decides after the first THEN 409 names who decided and when, and nothing changes", async () => {
    const { proposal, task } = await openTask(w);
    await decideTask(w, P.approver, at(T, P.approver), task.id, { decision: "approve" });
    const commits = w.db.commits;
    const err = await decideTask(
      w,
      P.approver2,
      at("2026-06-01T03:01:00.000Z", P.approver2),
      task.id,
      { decision: "reject", comment: "Muộn" },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toBe(
      `task already decided (approve) by Nguyễn Thị Duyệt at ${T}`,
    );
    expect((err as ConflictError).extra).toMatchObject({
      decidedBy: "approver.batxat",
      decidedAt: T,
      decision: "approve",
    });
    expect(w.db.commits).toBe(commits);
    expect(w.workflow.signals).toHaveLength(1);
    expect((await w.proposals.find(proposal.id))?.status).toBe("NORM_CHECK");
  });

  it("WHEN two approvers decide at the same moment THEN the first wins and the second gets 409 naming the winner", async () => {
    const { proposal, task } = await openTask(w);
    const results = await Promise.allSettled([
      decideTask(w, P.approver, at(T, P.approver), task.id, { decision: "approve" }),
      decideTask(w, P.approver2, at(T, P.approver2), task.id, {
        decision: "reject",
        comment: "Không đạt",
      }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const done = await w.tasks.find(task.id);
    expect(lost[0]).toBeInstanceOf(ConflictError);
    expect((lost[0] as ConflictError).extra).toMatchObject({
      decidedBy: done?.decidedBy,
      decidedAt: T,
    });
    expect((lost[0] as ConflictError).message).toContain(`by ${done?.decidedByName}`);
    const decisions = (await w.proposals.history(proposal.id)).filter(
      (e) => e.type.startsWith("review.") && e.type !== "review.task_opened",
    );
    expect(decisions).toHaveLength(1);
    expect(w.workflow.signals).toHaveLength(1);
  });

  it("WHEN another approver holds it THEN a decision is 409 naming the holder; the unit lead may still decide", async () => {
    const { task } = await openTask(w);
    await claimTask(w, P.approver2, at("2026-06-01T02:30:00.000Z", P.approver2), task.id);
    const err = await decideTask(w, P.approver, at(T, P.approver), task.id, {
      decision: "approve",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toBe("task is assigned to Trần Thị Hai");
    expect((err as ConflictError).extra).toEqual({ assignee: "approver2.batxat" });
    const res = await decideTask(w, P.lead, at(T, P.lead), task.id, { decision: "approve" });
    expect(res.task.decidedBy).toBe("lead.batxat");
  });

  it("WHEN a claim lands between the decision's reads and its write THEN the decision is re-read and refused naming the holder", async () => {
    const { task } = await openTask(w);
    let claimed = false;
    const ports = {
      ...w,
      proposals: {
        ...w.proposals,
        save: async (...args: Parameters<typeof w.proposals.save>) => {
          if (!claimed) {
            claimed = true;
            await claimTask(w, P.approver2, at(T, P.approver2), task.id);
          }
          return w.proposals.save(...args);
        },
      },
    };
    const err = await decideTask(ports, P.approver, at(T, P.approver), task.id, {
      decision: "approve",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).extra).toEqual({ assignee: "approver2.batxat" });
    expect((await w.tasks.find(task.id))?.status).toBe("OPEN");
  });

  it("WHEN the decider's own claim lands meanwhile THEN the decision is retried on the new version and succeeds", async () => {
    const { task } = await openTask(w);
    let claimed = false;
    const ports = {
      ...w,
      proposals: {
        ...w.proposals,
        save: async (...args: Parameters<typeof w.proposals.save>) => {
          if (!claimed) {
            claimed = true;
            await claimTask(w, P.approver, at(T, P.approver), task.id);
          }
          return w.proposals.save(...args);
        },
      },
    };
    const res = await decideTask(ports, P.approver, at(T, P.approver), task.id, {
      decision: "approve",
    });
    expect(res.status).toBe("NORM_CHECK");
    expect(w.workflow.signals).toHaveLength(1);
  });

  it("WHEN someone outside the reviewing unit decides THEN 403 and nothing changes", async () => {
    const { task } = await openTask(w);
    const commits = w.db.commits;
    await expect(
      decideTask(w, P.outsider, at(T, P.outsider), task.id, { decision: "approve" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      decideTask(w, P.province, at(T, P.province), task.id, { decision: "approve" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(w.db.commits).toBe(commits);
  });

  it("WHEN the task does not exist THEN 404", async () => {
    await expect(
      decideTask(w, P.approver, at(T, P.approver), "nope-r1", { decision: "approve" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("WHEN the review times out THEN the proposal returns to the commune, the task expires and a late decision says so", async () => {
    const { proposal, task } = await openTask(w);
    expect(
      await expireReview(
        w,
        { proposalId: proposal.id, submissionNo: 1 },
        "2026-06-06T02:00:00.000Z",
      ),
    ).toEqual({ expired: true });
    expect((await w.tasks.find(task.id))?.status).toBe("EXPIRED");
    expect((await w.proposals.find(proposal.id))?.status).toBe("RETURNED");
    const err = await decideTask(
      w,
      P.approver,
      at("2026-06-06T03:00:00.000Z", P.approver),
      task.id,
      { decision: "approve" },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).extra).toEqual({ taskStatus: "EXPIRED" });
    expect(
      await expireReview(
        w,
        { proposalId: proposal.id, submissionNo: 1 },
        "2026-06-06T04:00:00.000Z",
      ),
    ).toEqual({ expired: false });
  });

  it("THEN the proposal's history (with the review's events) verifies", async () => {
    const { proposal, task } = await openTask(w);
    await claimTask(w, P.approver, at("2026-06-01T02:30:00.000Z", P.approver), task.id);
    await decideTask(w, P.approver, at(T, P.approver), task.id, { decision: "approve" });
    const h = await proposalHistoryFor(w, P.auditor, proposal.id);
    expect(h.chain.ok).toBe(true);
    expect(verifyChain(h.events).checked).toBe(5);
    expect(h.events.map((e) => e.type)).toEqual([
      "proposal.created",
      "proposal.submitted",
      "review.task_opened",
      "review.task_claimed",
      "review.approved",
    ]);
  });
});
