/**
 * No proposal is ever stranded by the workflow: callbacks are checked against what the proposal
 * records, failed steps are recorded and told, and the sweep repairs proposals whose state needs
 * an execution that is not running. In memory: no Java, no stack.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { executionNameOf } from "../../../shared/proposals/domain/workflow-issues.ts";
import { decideTask } from "../../../shared/review/use-cases/review.ts";
import { recordWorkflowFailure } from "../../../shared/workflow/use-cases/record-failure.ts";
import { REPAIR, repairExecutions } from "../../../shared/workflow/use-cases/repair.ts";
import {
  CallbackMismatch,
  verifyReviewOutcome,
} from "../../../shared/workflow/use-cases/verify-review.ts";
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

const later = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe("GIVEN a review callback", () => {
  it("WHEN it says approve but nobody decided THEN it fails closed (a forged SendTaskSuccess)", async () => {
    const { proposal } = await openTask(w);
    const err = await verifyReviewOutcome(w, {
      proposalId: proposal.id,
      submissionNo: 1,
      review: { decision: "approve" },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackMismatch);
    expect((err as Error).name).toBe("CallbackMismatch");
    expect((await w.proposals.find(proposal.id))?.status).toBe("IN_REVIEW");
  });

  it("WHEN it carries another decision than the one recorded THEN it fails closed", async () => {
    const { proposal, task } = await openTask(w);
    await decideTask(w, P.approver, at("2026-06-02T01:00:00Z", P.approver), task.id, {
      decision: "reject",
      comment: "không đủ điều kiện",
    });
    await expect(
      verifyReviewOutcome(w, {
        proposalId: proposal.id,
        submissionNo: 1,
        review: { decision: "approve" },
      }),
    ).rejects.toBeInstanceOf(CallbackMismatch);
    await expect(
      verifyReviewOutcome(w, {
        proposalId: proposal.id,
        submissionNo: 1,
        review: { decision: "reject" },
      }),
    ).resolves.toEqual({ decision: "reject" });
  });

  it("WHEN it is the real approval THEN it passes, with the decision", async () => {
    const { proposal, task } = await openTask(w);
    await decideTask(w, P.approver, at("2026-06-02T01:00:00Z", P.approver), task.id, {
      decision: "approve",
    });
    await expect(
      verifyReviewOutcome(w, {
        proposalId: proposal.id,
        submissionNo: 1,
        review: { decision: "approve" },
      }),
    ).resolves.toEqual({ decision: "approve" });
  });
});

describe("GIVEN a failed workflow step", () => {
  it("THEN it is recorded on the proposal and in its chain, and the lead and the province are told", async () => {
    const { proposal } = await openTask(w);
    const res = await recordWorkflowFailure(
      w,
      {
        proposalId: proposal.id,
        submissionNo: 1,
        state: "CheckNorms",
        error: "Lambda.Unknown",
        executionName: executionNameOf(proposal.id, 1),
      },
      "2026-06-02T01:00:00.000Z",
    );
    expect(res.recorded).toBe(true);
    const now = await w.proposals.find(proposal.id);
    expect(now?.status).toBe("IN_REVIEW");
    expect(now?.workflowIssue).toMatchObject({ state: "CheckNorms", error: "Lambda.Unknown" });
    const events = await w.proposals.history(proposal.id);
    expect(events.at(-1)).toMatchObject({
      type: "workflow.failed",
      from: "IN_REVIEW",
      to: "IN_REVIEW",
    });
    const mail = w.mailer.sent.at(-1);
    expect(mail?.to.sort()).toEqual(["province.laocai@p8.test"].sort());
    expect(mail?.text).toContain(proposal.reference);
    expect(mail?.text).toContain("kiểm tra định mức");
  });

  it("WHEN it belongs to an older submission THEN nothing changes", async () => {
    const { proposal } = await openTask(w);
    const res = await recordWorkflowFailure(
      w,
      {
        proposalId: proposal.id,
        submissionNo: 7,
        state: "OpenReview",
        error: "X",
        executionName: "x",
      },
      "2026-06-02T01:00:00.000Z",
    );
    expect(res.recorded).toBe(false);
    expect((await w.proposals.find(proposal.id))?.workflowIssue).toBeUndefined();
  });
});

describe("GIVEN proposals whose state needs an execution", () => {
  it("WHEN their execution runs THEN the sweep only marks them checked", async () => {
    const { proposal } = await openTask(w);
    w.workflow.executions.set(executionNameOf(proposal.id, 1), "RUNNING");
    const report = await repairExecutions(w, later("2026-06-01T01:30:00.000Z", 30));
    expect(report).toEqual({ checked: 1, repaired: 0, gaveUp: 0 });
    expect(w.workflow.resumed).toEqual([]);
  });

  it("WHEN a proposal in review has no live execution THEN a new one resumes at the review, audited", async () => {
    const { proposal } = await openTask(w);
    w.workflow.executions.set(executionNameOf(proposal.id, 1), "FAILED");
    const report = await repairExecutions(w, later("2026-06-01T01:30:00.000Z", 30));
    expect(report.repaired).toBe(1);
    expect(w.workflow.resumed).toEqual([
      { name: `${proposal.id}-1-repair1`, input: { proposalId: proposal.id, submissionNo: 1 } },
    ]);
    const events = await w.proposals.history(proposal.id);
    expect(events.at(-1)).toMatchObject({
      type: "workflow.repaired",
      data: { resumeAt: "openReview" },
    });
  });

  it("WHEN an approved proposal's execution died in the norm check THEN it resumes at CheckNorms", async () => {
    const { proposal, task } = await openTask(w);
    await decideTask(w, P.approver, at("2026-06-02T01:00:00Z", P.approver), task.id, {
      decision: "approve",
    });
    expect((await w.proposals.find(proposal.id))?.status).toBe("NORM_CHECK");
    w.workflow.executions.set(executionNameOf(proposal.id, 1), "FAILED");
    await repairExecutions(w, later("2026-06-02T01:00:00.000Z", 30));
    expect(w.workflow.resumed.at(-1)?.input).toEqual({
      proposalId: proposal.id,
      submissionNo: 1,
      resumeAt: "checkNorms",
    });
  });

  it("WHEN the state is younger than the grace period THEN it is left alone (its execution may be starting)", async () => {
    await openTask(w);
    const report = await repairExecutions(
      w,
      later("2026-06-01T01:30:00.000Z", REPAIR.graceMinutes - 1),
    );
    expect(report.checked).toBe(0);
  });

  it("WHEN two sweeps repair at once THEN one execution is started", async () => {
    const { proposal } = await openTask(w);
    w.workflow.executions.set(executionNameOf(proposal.id, 1), "ABORTED");
    const now = later("2026-06-01T01:30:00.000Z", 30);
    await Promise.all([repairExecutions(w, now), repairExecutions(w, now)]);
    expect(w.workflow.resumed).toHaveLength(1);
  });

  it("WHEN repairs keep failing THEN the sweep gives up after the limit", async () => {
    const { proposal } = await openTask(w);
    let now = "2026-06-01T01:30:00.000Z";
    for (let i = 0; i <= REPAIR.maxRepairs + 1; i++) {
      for (const [name] of w.workflow.executions) w.workflow.executions.set(name, "FAILED");
      w.workflow.executions.set(executionNameOf(proposal.id, 1), "FAILED");
      now = later(now, 30);
      await repairExecutions(w, now);
    }
    expect(w.workflow.resumed).toHaveLength(REPAIR.maxRepairs);
  });

  it("WHEN the proposal leaves those states THEN it is no longer watched", async () => {
    const { task } = await openTask(w);
    await decideTask(w, P.approver, at("2026-06-02T01:00:00Z", P.approver), task.id, {
      decision: "return",
      comment: "bổ sung hồ sơ",
    });
    const report = await repairExecutions(w, "2026-06-03T00:00:00.000Z");
    expect(report.checked).toBe(0);
  });
});
