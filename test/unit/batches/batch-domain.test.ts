import { describe, expect, it } from "vitest";
import * as b from "../../../shared/batches/domain/batch.ts";
import { ValidationError } from "../../../shared/kernel/errors.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";

const tx: TransitionContext = {
  actor: { id: "commune.batxat", role: "commune_officer", unitId: "C-BATXAT" },
  channel: "api",
  at: "2026-06-01T03:00:00.000Z",
};
const item = (amount: number) => ({
  code: "A1.SAVINGS_BOX_RUNNING",
  description: "Hòm và chi phí sinh hoạt",
  supportAmount: amount,
  totalCost: amount,
  months: 3,
});
const spec = (id: string, amount = 1_500_000): b.MemberSpec => ({
  beneficiaryId: id,
  items: [item(amount)],
});
const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.errors.map((e) => e.field);
    throw err;
  }
  throw new Error("not refused");
};
const newBatch = (members: b.MemberSpec[]) =>
  b.createBatch(
    {
      id: "B-1",
      activity: "A1",
      title: "Tổ TKVVTB quý 3",
      period: "2026-Q3",
      communeId: "C-BATXAT",
      reviewUnitId: "RU-BX",
      provinceId: "P-LC",
      members: members.map((m, i) => ({ ...m, proposalId: `p${i}` })),
    },
    tx,
  );

describe("GIVEN a commune's list of beneficiaries", () => {
  it("WHEN a beneficiary appears twice THEN the list is refused naming the second one", () => {
    expect(fieldsOf(() => b.checkMembers([spec("BN-A"), spec("BN-B"), spec("BN-A")]))).toEqual([
      "members.2.beneficiaryId",
    ]);
  });

  it("WHEN it has more than 100 members THEN it is refused naming the 101st; 100 pass", () => {
    const many = Array.from({ length: 101 }, (_, i) => spec(`BN-${i}`));
    expect(fieldsOf(() => b.checkMembers(many))).toEqual(["members.100"]);
    expect(() => b.checkMembers(many.slice(0, 100))).not.toThrow();
  });

  it("WHEN it is empty THEN it is refused", () => {
    expect(fieldsOf(() => b.checkMembers([]))).toEqual(["members"]);
  });

  it("WHEN it is created THEN the batch is a DRAFT whose event lists its members and amount", () => {
    const c = newBatch([spec("BN-A"), spec("BN-B", 1_000_000)]);
    expect(c.next.status).toBe("DRAFT");
    expect(c.next.version).toBe(1);
    expect(c.event).toMatchObject({
      type: "batch.created",
      from: null,
      to: "DRAFT",
      data: { members: ["p0", "p1"], amount: 2_500_000 },
    });
  });

  it("WHEN it is submitted twice THEN the second submit changes nothing", () => {
    const first = b.submitBatch(newBatch([spec("BN-A")]).next, tx);
    expect(first?.next).toMatchObject({
      status: "SUBMITTED",
      version: 2,
      submittedBy: "commune.batxat",
    });
    expect(first && b.submitBatch(first.next, tx)).toBeUndefined();
  });
});

const member = (id: string, over: Partial<b.MemberState> = {}): b.MemberState => ({
  proposalId: id,
  status: "IN_REVIEW",
  currentTaskId: `${id}-r1`,
  norms: { passed: true, failed: [] },
  ...over,
});

describe("GIVEN a submitted batch WHEN the reviewer decides all at once", () => {
  const members = [
    member("p1"),
    member("p2", { norms: { passed: false, failed: ["A1.SAVINGS_BOX_RUNNING.cap: vượt mức"] } }),
    member("p3", { status: "NORM_CHECK", currentTaskId: undefined }),
    member("p4", { currentTaskId: undefined }),
    member("p5", { status: "RETURNED" }),
  ];

  it("THEN each member in review gets its own decision, one failing its norm check is named and left", () => {
    const plans = b.planAll(members, "approve");
    expect(plans.map((p) => [p.proposalId, p.action === "decide" ? "decide" : p.outcome])).toEqual([
      ["p1", "decide"],
      ["p2", "norm-failed"],
      ["p3", "already-decided"],
      ["p4", "not-ready"],
      ["p5", "already-decided"],
    ]);
    expect(plans[0]).toMatchObject({ taskId: "p1-r1", decision: "approve" });
    expect(plans[1]).toMatchObject({ reason: "A1.SAVINGS_BOX_RUNNING.cap: vượt mức" });
  });

  it("THEN returning all returns the failing member too, with the comment", () => {
    const plans = b.planAll(members, "return", "Bổ sung hồ sơ");
    expect(plans.filter((p) => p.action === "decide").map((p) => p.proposalId)).toEqual([
      "p1",
      "p2",
    ]);
    expect(plans[1]).toMatchObject({ comment: "Bổ sung hồ sơ" });
  });

  it("THEN repeating the request once all are decided decides nothing", () => {
    const after = members.map((m) => ({ ...m, status: "NORM_CHECK" as const }));
    expect(b.planAll(after, "approve").every((p) => p.action === "skip")).toBe(true);
  });
});

describe("GIVEN a submitted batch WHEN the reviewer decides item by item", () => {
  const members = [member("p1"), member("p2", { norms: { passed: false, failed: ["x"] } })];

  it("THEN a member failing its norm check may be approved on its own (the norm check returns it)", () => {
    const plans = b.planItems(members, [{ proposalId: "p2", decision: "approve" }]);
    expect(plans).toEqual([
      { proposalId: "p2", action: "decide", taskId: "p2-r1", decision: "approve" },
    ]);
  });

  it("THEN a proposal not in the batch, or named twice, is refused naming the item", () => {
    expect(
      fieldsOf(() =>
        b.planItems(members, [
          { proposalId: "p1", decision: "approve" },
          { proposalId: "other", decision: "approve" },
          { proposalId: "p1", decision: "reject" },
        ]),
      ),
    ).toEqual(["items.1.proposalId", "items.2.proposalId"]);
  });
});

describe("GIVEN members' states", () => {
  it("THEN the batch is in review while one is pending, decided when none is", () => {
    const submitted = { status: "SUBMITTED" as const };
    expect(b.progressOf({ status: "DRAFT" }, [])).toBe("DRAFT");
    expect(b.progressOf(submitted, [member("p1"), member("p2", { status: "APPROVED" })])).toBe(
      "IN_REVIEW",
    );
    expect(
      b.progressOf(submitted, [
        member("p1", { status: "APPROVED" }),
        member("p2", { status: "RETURNED" }),
      ]),
    ).toBe("DECIDED");
    expect(b.countsOf([member("p1"), member("p2"), { proposalId: "p3" }])).toEqual({
      IN_REVIEW: 2,
      MISSING: 1,
    });
  });
});
