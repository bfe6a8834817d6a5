/** Claim, unclaim, reassign and email links on in-memory ports. */
import { beforeEach, describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import { hashLinkId } from "../../../shared/review/domain/links.ts";
import {
  decideByEmailLink,
  resolveEmailLink,
} from "../../../shared/review/use-cases/email-links.ts";
import { readTaskPage, unitInbox } from "../../../shared/review/use-cases/list-tasks.ts";
import {
  claimTask,
  reassignTask,
  unclaimTask,
} from "../../../shared/review/use-cases/task-assignment.ts";
import { asMemoryWrites } from "../../support/memory/db.ts";
import { linkIdsIn } from "../../support/memory/notifications.ts";
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

const T = "2026-06-01T03:00:00.000Z";

/** The link id mailed to a user (the newest mail to them). */
function linkOf(username: string): string {
  const mail = w.mailer.sent.filter((m) => m.to[0] === `${username}@p8.test`).at(-1);
  const id = mail ? linkIdsIn(mail)[0] : undefined;
  if (!id) throw new Error(`no link mailed to ${username}`);
  return id;
}

const eventsOf = async (proposalId: string) =>
  (await w.proposals.history(proposalId)).map((e) => e.type);

describe("GIVEN an open task nobody holds", () => {
  it("WHEN an approver claims it THEN they hold it and the proposal's chain records the claim", async () => {
    const { proposal, task } = await openTask(w);
    const claimed = await claimTask(w, P.approver, at(T, P.approver), task.id);
    expect(claimed).toMatchObject({
      assignee: "approver.batxat",
      assigneeName: "Nguyễn Thị Duyệt",
      claimedAt: T,
    });
    expect((await w.tasks.find(task.id))?.assignee).toBe("approver.batxat");
    const last = (await w.proposals.history(proposal.id)).at(-1);
    expect(last).toMatchObject({
      type: "review.task_claimed",
      actorId: "approver.batxat",
      from: "IN_REVIEW",
      to: "IN_REVIEW",
      data: { taskId: task.id, by: "approver.batxat" },
      reviewUnitId: "RU-BX",
    });
    // Claiming again is harmless: no second event.
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    expect((await eventsOf(proposal.id)).filter((t) => t === "review.task_claimed")).toHaveLength(
      1,
    );
  });

  it("WHEN another approver claims it later THEN 409 names the holder and nothing changes", async () => {
    const { task } = await openTask(w);
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    const commits = w.db.commits;
    const err = await claimTask(w, P.approver2, at(T, P.approver2), task.id).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toBe("task is already claimed by Nguyễn Thị Duyệt");
    expect((err as ConflictError).extra).toEqual({ assignee: "approver.batxat" });
    expect(w.db.commits).toBe(commits);
  });

  it("WHEN two approvers claim at the same moment THEN one holds it and the loser's 409 names the winner", async () => {
    const { proposal, task } = await openTask(w);
    const results = await Promise.allSettled([
      claimTask(w, P.approver, at(T, P.approver), task.id),
      claimTask(w, P.approver2, at(T, P.approver2), task.id),
    ]);
    const holder = (await w.tasks.find(task.id))?.assignee;
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(ConflictError);
    expect(lost?.status === "rejected" && (lost.reason as ConflictError).extra).toEqual({
      assignee: holder,
    });
    expect((await eventsOf(proposal.id)).filter((t) => t === "review.task_claimed")).toHaveLength(
      1,
    );
  });

  it("WHEN someone of another unit claims it THEN 403", async () => {
    const { task } = await openTask(w);
    await expect(claimTask(w, P.outsider, at(T, P.outsider), task.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe("GIVEN a task an approver holds", () => {
  it("WHEN the holder gives it back THEN nobody holds it and the chain records it", async () => {
    const { proposal, task } = await openTask(w);
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    const back = await unclaimTask(
      w,
      P.approver,
      at("2026-06-01T03:10:00.000Z", P.approver),
      task.id,
    );
    expect(back.assignee).toBeUndefined();
    expect(back.claimedAt).toBeUndefined();
    expect((await w.tasks.find(task.id))?.assignee).toBeUndefined();
    expect((await w.proposals.history(proposal.id)).at(-1)).toMatchObject({
      type: "review.task_unclaimed",
      actorId: "approver.batxat",
      data: { taskId: task.id, from: "approver.batxat" },
    });
  });

  it("WHEN another approver tries to release it THEN 409 names the holder; the unit lead may", async () => {
    const { proposal, task } = await openTask(w);
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    const err = await unclaimTask(w, P.approver2, at(T, P.approver2), task.id).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).extra).toEqual({ assignee: "approver.batxat" });
    await unclaimTask(w, P.lead, at(T, P.lead), task.id);
    expect((await w.tasks.find(task.id))?.assignee).toBeUndefined();
    expect((await w.proposals.history(proposal.id)).at(-1)).toMatchObject({
      type: "review.task_unclaimed",
      actorId: "lead.batxat",
    });
  });

  it("WHEN the lead reassigns it THEN the new holder gets a link of their own, old links say to whom, and the chain records it", async () => {
    const { proposal, task } = await openTask(w);
    const oldLink = linkOf("approver.batxat");
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    const next = await reassignTask(w, P.lead, at(T, P.lead), task.id, "approver2.batxat");
    expect(next).toMatchObject({
      assignee: "approver2.batxat",
      assigneeName: "Trần Thị Hai",
      assignmentNo: 1,
      reassignedBy: "lead.batxat",
    });
    expect((await w.proposals.history(proposal.id)).at(-1)).toMatchObject({
      type: "review.task_reassigned",
      data: { taskId: task.id, from: "approver.batxat", to: "approver2.batxat" },
    });
    const old = await resolveEmailLink(w, oldLink, Date.parse(T));
    expect(old?.verdict).toEqual({ kind: "reassigned", to: "Trần Thị Hai" });
    const fresh = await resolveEmailLink(w, linkOf("approver2.batxat"), Date.parse(T));
    expect(fresh?.link.assignmentNo).toBe(1);
    expect(fresh?.verdict).toEqual({ kind: "open" });
    await expect(
      decideByEmailLink(w, P.approver, at(T, P.approver), oldLink, { decision: "approve" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const res = await decideByEmailLink(
      w,
      P.approver2,
      { ...at(T, P.approver2), channel: "email_link" },
      linkOf("approver2.batxat"),
      { decision: "approve" },
    );
    expect(res.status).toBe("NORM_CHECK");
  });

  it("WHEN an approver (not the lead) reassigns, or the target is not an approver of the unit THEN 403 / 400", async () => {
    const { task } = await openTask(w);
    await expect(
      reassignTask(w, P.approver, at(T, P.approver), task.id, "approver2.batxat"),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const err = await reassignTask(w, P.lead, at(T, P.lead), task.id, "approver.sapa").catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors[0]?.field).toBe("assignee");
  });

  it("WHEN the province officer reassigns a task of their province THEN it is allowed", async () => {
    const { task } = await openTask(w);
    const next = await reassignTask(w, P.province, at(T, P.province), task.id, "approver.batxat");
    expect(next.assignee).toBe("approver.batxat");
  });
});

describe("GIVEN the email links of an open task", () => {
  it("WHEN the approver it was sent to decides through it THEN the decision is recorded on the email channel and the link is used", async () => {
    const { proposal, task } = await openTask(w);
    const id = linkOf("approver.batxat");
    expect((await resolveEmailLink(w, id, Date.parse(T)))?.verdict).toEqual({ kind: "open" });
    const res = await decideByEmailLink(
      w,
      P.approver,
      { ...at(T, P.approver), channel: "email_link" },
      id,
      { decision: "approve" },
    );
    expect(res.task.decidedBy).toBe("approver.batxat");
    expect((await w.links.find(hashLinkId(id)))?.usedAt).toBe(T);
    expect((await w.proposals.history(proposal.id)).at(-1)).toMatchObject({
      type: "review.approved",
      channel: "email_link",
    });
    // The other approvers' links now say who decided, and cannot decide.
    const other = await resolveEmailLink(w, linkOf("approver2.batxat"), Date.parse(T));
    expect(other?.verdict).toMatchObject({ kind: "decided", by: "Nguyễn Thị Duyệt", at: T });
    expect(task.id).toBe(other?.task.id);
  });

  it("WHEN the same link is posted twice at once THEN it decides once", async () => {
    const { proposal } = await openTask(w);
    const id = linkOf("approver.batxat");
    const tx = { ...at(T, P.approver), channel: "email_link" as const };
    const results = await Promise.allSettled([
      decideByEmailLink(w, P.approver, tx, id, { decision: "approve" }),
      decideByEmailLink(w, P.approver, tx, id, { decision: "reject", comment: "Sai" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")?.status).toBe("rejected");
    const decisions = (await eventsOf(proposal.id)).filter((t) =>
      ["review.approved", "review.rejected"].includes(t),
    );
    expect(decisions).toHaveLength(1);
  });

  it("WHEN a link was used THEN it says when and cannot decide again", async () => {
    const { task } = await openTask(w);
    const id = linkOf("approver.batxat");
    // The link's own single use, apart from the task's state: a consumed link never decides.
    const link = await w.links.find(hashLinkId(id));
    if (!link) throw new Error("link");
    w.db.transact(asMemoryWrites([w.links.stageConsume(link, T)]));
    expect((await resolveEmailLink(w, id, Date.parse(T)))?.verdict).toEqual({
      kind: "link_used",
      at: T,
    });
    await expect(
      decideByEmailLink(w, P.approver, at(T, P.approver), id, { decision: "approve" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await w.tasks.find(task.id))?.status).toBe("OPEN");
  });

  it("WHEN someone else posts the link THEN 403 and nothing changes", async () => {
    const { task } = await openTask(w);
    const id = linkOf("approver.batxat");
    const commits = w.db.commits;
    await expect(
      decideByEmailLink(w, P.approver2, at(T, P.approver2), id, { decision: "approve" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(w.db.commits).toBe(commits);
    expect((await w.tasks.find(task.id))?.status).toBe("OPEN");
  });

  it("WHEN the link has expired THEN it says so and cannot decide", async () => {
    await openTask(w);
    const id = linkOf("approver.batxat");
    const late = "2026-06-08T02:00:00.000Z";
    expect((await resolveEmailLink(w, id, Date.parse(late)))?.verdict).toEqual({
      kind: "link_expired",
    });
    await expect(
      decideByEmailLink(w, P.approver, at(late, P.approver), id, { decision: "approve" }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("WHEN the link id is unknown or malformed THEN nothing resolves and a post is 404", async () => {
    await openTask(w);
    expect(await resolveEmailLink(w, "short", Date.parse(T))).toBeUndefined();
    const unknown = "A".repeat(43);
    expect(await resolveEmailLink(w, unknown, Date.parse(T))).toBeUndefined();
    await expect(
      decideByEmailLink(w, P.approver, at(T, P.approver), unknown, { decision: "approve" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("GIVEN the task page and the inbox", () => {
  it("THEN the page offers exactly what the policy allows each reader", async () => {
    const { task } = await openTask(w);
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    const mine = await readTaskPage(w, P.approver, task.id);
    expect(mine.may).toEqual({
      read: true,
      claim: false,
      unclaim: true,
      decide: true,
      reassign: false,
    });
    const other = await readTaskPage(w, P.approver2, task.id);
    expect(other.may).toEqual({
      read: true,
      claim: false,
      unclaim: false,
      decide: false,
      reassign: false,
    });
    const lead = await readTaskPage(w, P.lead, task.id);
    expect(lead.may).toEqual({
      read: true,
      claim: false,
      unclaim: true,
      decide: true,
      reassign: true,
    });
    expect(lead.reassignTo.map((u) => u.username).sort()).toEqual([
      "approver2.batxat",
      "lead.batxat",
    ]);
    expect(lead.history?.map((e) => e.type).at(-1)).toBe("review.task_claimed");
    await expect(readTaskPage(w, P.commune, task.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(readTaskPage(w, P.outsider, task.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("THEN the inbox shows the unit's open tasks, mine, and is refused to roles without a unit inbox", async () => {
    const { task } = await openTask(w);
    await claimTask(w, P.approver, at(T, P.approver), task.id);
    const nowMs = Date.parse(T);
    const unit = await unitInbox(w, P.approver2, "unit", {}, nowMs);
    expect(unit.tasks.map((t) => t.id)).toEqual([task.id]);
    expect(unit.communes.map((c) => c.id).sort()).toEqual(["C-BATXAT", "C-MUONGHUM"]);
    expect((await unitInbox(w, P.approver2, "mine", {}, nowMs)).tasks).toEqual([]);
    expect((await unitInbox(w, P.approver, "mine", {}, nowMs)).tasks.map((t) => t.id)).toEqual([
      task.id,
    ]);
    await expect(unitInbox(w, P.province, "unit", {}, nowMs)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
