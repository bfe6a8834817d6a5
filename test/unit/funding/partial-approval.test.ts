/**
 * Partial approval (issue 15, item 3): the approver grants a reduced amount per item with a
 * reason; the norm check reserves that amount, payments stop at it, the decision says it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { decisionFor } from "../../../shared/documents/use-cases/documents.ts";
import { recordDisbursement } from "../../../shared/funding/use-cases/funding.ts";
import { ConflictError, ValidationError } from "../../../shared/kernel/errors.ts";
import { checkAndReserve } from "../../../shared/norms/use-cases/check-and-reserve.ts";
import { previewNormCheck } from "../../../shared/norms/use-cases/norms.ts";
import * as lifecycle from "../../../shared/proposals/domain/lifecycle.ts";
import type { Decision } from "../../../shared/proposals/domain/proposal.ts";
import { createProposal, submitProposal } from "../../../shared/proposals/use-cases/proposals.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import {
  ACTORS,
  a2,
  type MoneyPorts,
  moneyPorts,
  toNormCheck,
  txAt,
} from "../../support/memory/money.ts";

const T0 = "2026-06-01T03:00:00.000Z";
const HTX = { kind: "COOPERATIVE", id: "HTX-CHE" } as const;
const REASON = "Chi phí thiết kế nhãn vượt đơn giá tham khảo của tỉnh";
let ports: MoneyPorts;
beforeEach(() => {
  ports = moneyPorts(new MemoryDb());
});

/** Two items: the label design (80,000,000 đ asked) and the packaging (10,000,000 đ asked). */
const twoItems = a2(0, {
  items: [
    {
      code: "A2.TECH_SUPPORT",
      description: "Thiết kế nhãn",
      supportAmount: 80_000_000,
      totalCost: 80_000_000,
    },
    {
      code: "A2.TECH_SUPPORT",
      description: "Bao bì",
      supportAmount: 10_000_000,
      totalCost: 12_000_000,
    },
  ],
});

describe("GIVEN an A2 asking 80,000,000 + 10,000,000 đ", () => {
  it("WHEN the approver reduces the first item to 50,000,000 đ with a reason THEN the check reserves 60,000,000 đ, the request stays as asked and the history says why", async () => {
    const p = await toNormCheck(ports, twoItems, T0, [
      { item: 0, amount: 50_000_000, reason: REASON },
    ]);
    expect(await checkAndReserve(ports, p.id, T0)).toEqual({ passed: true, status: "APPROVED" });
    const got = await ports.proposals.find(p.id);
    expect(got?.approvedAmount).toBe(60_000_000);
    expect(got?.items.map((i) => i.supportAmount)).toEqual([80_000_000, 10_000_000]);
    expect(ports.usage.row(HTX, "A2.TECH_SUPPORT#ALL")).toEqual({
      reserved: 60_000_000,
      holds: { [p.id]: 60_000_000 },
    });
    const approvedEvent = (await ports.proposals.history(p.id)).find(
      (e) => e.type === "review.approved",
    );
    expect(approvedEvent?.data).toMatchObject({
      reductions: [{ item: 0, amount: 50_000_000, requested: 80_000_000, reason: REASON }],
      approvedAmount: 60_000_000,
    });
    const passed = (await ports.proposals.history(p.id)).find((e) => e.type === "norms.passed");
    expect(passed?.data?.approvedAmount).toBe(60_000_000);
  });

  it("THEN payments stop at the reduced amount: 60,000,001 đ is a 409 naming 60,000,000 đ", async () => {
    const p = await toNormCheck(ports, twoItems, T0, [
      { item: 0, amount: 50_000_000, reason: REASON },
    ]);
    await checkAndReserve(ports, p.id, T0);
    const f = ACTORS.finance;
    const err = await recordDisbursement(ports, f, txAt(T0, f), p.id, {
      amount: 60_000_001,
      paidOn: "2026-06-02",
      reference: "UNC-1",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).extra).toMatchObject({ remainingAmount: 60_000_000 });
  });

  it("THEN the cap left for the cooperative is 40,000,000 đ, not 10,000,000 đ", async () => {
    const p = await toNormCheck(ports, twoItems, T0, [
      { item: 0, amount: 50_000_000, reason: REASON },
    ]);
    await checkAndReserve(ports, p.id, T0);
    const c = ACTORS.commune;
    const next = await createProposal(ports, c, txAt(T0, c), a2(40_000_000));
    expect((await previewNormCheck(ports, c, txAt(T0, c), next.id)).passed).toBe(true);
    const over = await createProposal(ports, c, txAt(T0, c), a2(40_000_001));
    expect((await previewNormCheck(ports, c, txAt(T0, c), over.id)).passed).toBe(false);
  });

  it("THEN the decision PDF states the reduced amount in figures and words, what was asked and why", async () => {
    const p = await toNormCheck(ports, twoItems, T0, [
      { item: 0, amount: 50_000_000, reason: REASON },
    ]);
    await checkAndReserve(ports, p.id, T0);
    const doc = await decisionFor(ports.forDocuments, ACTORS.finance, p.id);
    const dir = mkdtempSync(join(tmpdir(), "p8-partial-"));
    writeFileSync(join(dir, "d.pdf"), doc.bytes);
    const text = execFileSync("pdftotext", [join(dir, "d.pdf"), "-"], { encoding: "utf8" }).replace(
      /\s+/g,
      " ",
    );
    expect(text).toContain("Thiết kế nhãn: 50.000.000 đ");
    expect(text).toContain("đề nghị 80.000.000 đ");
    expect(text).toContain(REASON);
    expect(text).toContain("Tổng số tiền hỗ trợ: 60.000.000 đ");
    expect(text).toContain("Bằng chữ: Sáu mươi triệu đồng.");
  });
});

describe("GIVEN an A2 asking 120,000,000 đ, above the 100,000,000 đ cap", () => {
  it("WHEN approved in full THEN the check returns it; reduced to the cap THEN it passes and holds 100,000,000 đ", async () => {
    const full = await toNormCheck(ports, a2(120_000_000), T0);
    expect((await checkAndReserve(ports, full.id, T0)).passed).toBe(false);
    const p = await toNormCheck(ports, a2(120_000_000, { beneficiaryId: "HTX-2" }), T0, [
      { item: 0, amount: 100_000_000, reason: "Tối đa theo định mức" },
    ]);
    expect((await checkAndReserve(ports, p.id, T0)).passed).toBe(true);
    expect(ports.usage.row({ kind: "COOPERATIVE", id: "HTX-2" }, "A2.TECH_SUPPORT#ALL")).toEqual({
      reserved: 100_000_000,
      holds: { [p.id]: 100_000_000 },
    });
  });
});

describe("a reduction that is not one", () => {
  async function inReview() {
    const c = ACTORS.commune;
    const p = await createProposal(ports, c, txAt(T0, c), twoItems);
    return submitProposal(ports, c, txAt(T0, c), p.id, p.version);
  }
  const a = ACTORS.approver;
  const decision = (over: Partial<Decision>): Decision => ({
    decision: "approve",
    by: a.id,
    at: T0,
    channel: "api",
    ...over,
  });
  const refusal = async (over: Partial<Decision>) => {
    const p = await inReview();
    const err = (() => {
      try {
        lifecycle.decide(p, decision(over), txAt(T0, a));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).errors.map((f) => f.field);
  };

  it.each([
    [
      "not below the amount asked",
      { item: 0, amount: 80_000_000, reason: REASON },
      "reductions.0.amount",
    ],
    ["negative", { item: 1, amount: -1, reason: REASON }, "reductions.0.amount"],
    ["fractional", { item: 1, amount: 0.5, reason: REASON }, "reductions.0.amount"],
    ["without a reason", { item: 0, amount: 1, reason: "  " }, "reductions.0.reason"],
    ["of an item that does not exist", { item: 2, amount: 1, reason: REASON }, "reductions.0.item"],
  ])("%s is refused naming the field", async (_what, reduction, field) => {
    expect(await refusal({ reductions: [reduction] })).toEqual([field]);
  });

  it("naming an item twice is refused", async () => {
    const r = { item: 1, amount: 1, reason: REASON };
    expect(await refusal({ reductions: [r, r] })).toEqual(["reductions.1.item"]);
  });

  it("with a return is refused", async () => {
    const reductions = [{ item: 0, amount: 1, reason: REASON }];
    expect(await refusal({ decision: "return", comment: "Bổ sung", reductions })).toEqual([
      "reductions",
    ]);
  });

  it("approving nothing is refused: that is a rejection", async () => {
    const reductions = [
      { item: 0, amount: 0, reason: REASON },
      { item: 1, amount: 0, reason: REASON },
    ];
    expect(await refusal({ reductions })).toEqual(["reductions"]);
  });
});
