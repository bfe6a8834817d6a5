import { describe, expect, it } from "vitest";
import { StateConflictError, ValidationError } from "../../shared/kernel/errors.ts";
import * as lc from "../../shared/proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../shared/proposals/domain/proposal.ts";

const ctx: TransitionContext = {
  actor: { id: "commune.batxat", role: "commune_officer", unitId: "C-BATXAT" },
  channel: "api",
  at: "2026-06-01T03:00:00.000Z",
};

function draft(): Proposal {
  return lc.createDraft(
    {
      id: "p1",
      reference: "P8-2026-000001",
      reviewUnitId: "R-BATXAT",
      provinceId: "P-LC",
      fields: {
        activity: "A4",
        phase: "2021-2025",
        title: "Nuôi lợn đen",
        communeId: "C-BATXAT",
        beneficiary: { kind: "SURVIVOR_MODEL", id: "M-001", name: "Mô hình 1" },
        items: [
          {
            code: "A4.LIVELIHOOD_MODEL",
            description: "giống",
            supportAmount: 20_000_000,
            totalCost: 25_000_000,
          },
        ],
      },
    },
    ctx,
  ).next;
}

const at = (p: Proposal, status: Proposal["status"], patch: Partial<Proposal> = {}): Proposal => ({
  ...p,
  status,
  ...patch,
});

describe("proposal lifecycle", () => {
  it("GIVEN a draft WHEN submitted THEN it is in review, version and submission bumped", () => {
    const { next, event } = lc.submit(draft(), ctx);
    expect(next.status).toBe("IN_REVIEW");
    expect(next.version).toBe(2);
    expect(next.submissionNo).toBe(1);
    expect(event).toMatchObject({ type: "proposal.submitted", from: "DRAFT", to: "IN_REVIEW" });
  });

  it.each([
    ["approve", "NORM_CHECK"],
    ["return", "RETURNED"],
    ["reject", "REJECTED"],
  ] as const)("a %s decision moves IN_REVIEW to %s", (decision, to) => {
    const p = at(draft(), "IN_REVIEW");
    const { next } = lc.decide(
      p,
      { decision, by: "approver.batxat", at: ctx.at, channel: "web", comment: "lý do" },
      ctx,
    );
    expect(next.status).toBe(to);
  });

  it("refuses a return or reject without a comment", () => {
    const p = at(draft(), "IN_REVIEW");
    expect(() =>
      lc.decide(p, { decision: "reject", by: "a", at: ctx.at, channel: "api" }, ctx),
    ).toThrow(ValidationError);
  });

  it.each(["DRAFT", "RETURNED", "REJECTED", "APPROVED", "CLOSED"] as const)(
    "refuses a decision on a %s proposal",
    (status) => {
      expect(() =>
        lc.decide(
          at(draft(), status),
          { decision: "approve", by: "a", at: ctx.at, channel: "api" },
          ctx,
        ),
      ).toThrow(StateConflictError);
    },
  );

  it.each(["IN_REVIEW", "APPROVED", "MONITORING", "CLOSED", "REJECTED"] as const)(
    "refuses editing a %s proposal",
    (status) => {
      const p = at(draft(), status);
      expect(() =>
        lc.editDraft(
          p,
          {
            activity: p.activity,
            phase: p.phase,
            title: "x",
            beneficiary: p.beneficiary,
            items: p.items,
          },
          undefined,
          ctx,
        ),
      ).toThrow(StateConflictError);
    },
  );

  it("allows editing and resubmitting a returned proposal", () => {
    const p = at(draft(), "RETURNED", { submissionNo: 1 });
    const edited = lc.editDraft(
      p,
      {
        activity: p.activity,
        phase: p.phase,
        title: "mới",
        beneficiary: p.beneficiary,
        items: p.items,
      },
      undefined,
      ctx,
    ).next;
    const { next } = lc.submit(edited, ctx);
    expect(next).toMatchObject({ status: "IN_REVIEW", submissionNo: 2, title: "mới" });
  });

  it("norm check pass sets the approved amount to the support requested", () => {
    const { next } = lc.normCheckPassed(at(draft(), "NORM_CHECK"), { passed: true }, ctx);
    expect(next).toMatchObject({ status: "APPROVED", approvedAmount: 20_000_000 });
  });

  it("pays in tranches, moves to MONITORING on the last one, and never above the approved amount", () => {
    let p = at(draft(), "APPROVED", { approvedAmount: 20_000_000 });
    p = lc.recordDisbursement(
      p,
      { amount: 5_000_000, paidOn: "2026-06-02", reference: "UNC-1" },
      ctx,
    ).next;
    expect(p).toMatchObject({ status: "DISBURSING", disbursedTotal: 5_000_000 });
    expect(() =>
      lc.recordDisbursement(
        p,
        { amount: 15_000_001, paidOn: "2026-06-03", reference: "UNC-2" },
        ctx,
      ),
    ).toThrow(/exceeds the remaining approved amount of 15000000/);
    p = lc.recordDisbursement(
      p,
      { amount: 15_000_000, paidOn: "2026-06-03", reference: "UNC-2" },
      ctx,
    ).next;
    expect(p).toMatchObject({
      status: "MONITORING",
      disbursedTotal: 20_000_000,
      disbursementCount: 2,
    });
  });

  it("closes only after a monitoring report", () => {
    const p = at(draft(), "MONITORING", { approvedAmount: 1, disbursedTotal: 1 });
    expect(() => lc.close(p, undefined, ctx)).toThrow(/at least one monitoring report/);
    const reported = lc.fileReport(p, { period: "2026-07" }, ctx).next;
    expect(lc.close(reported, "xong", ctx).next.status).toBe("CLOSED");
  });

  it("escalates an overdue review without returning the proposal", () => {
    const p = at(draft(), "IN_REVIEW", { currentTaskId: "t" });
    const { next, event } = lc.escalateReview(p, 2, "2026-06-03T00:00:00Z", ctx);
    expect(next.status).toBe("IN_REVIEW");
    expect(next.currentTaskId).toBe("t");
    expect(next.version).toBe(p.version + 1);
    expect(event).toMatchObject({
      type: "review.escalated",
      from: "IN_REVIEW",
      to: "IN_REVIEW",
      data: { level: 2, escalatedTo: "province_officer" },
    });
    expect(() => lc.escalateReview(at(draft(), "RETURNED"), 1, "x", ctx)).toThrow(/escalate/);
  });
});
