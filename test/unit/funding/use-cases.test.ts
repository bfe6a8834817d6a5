/** The money path on in-memory ports: norm check and reservation, payments, the wait, reports, closing. */
import { beforeEach, describe, expect, it } from "vitest";
import {
  closeProposal,
  fileMonitoringReport,
  openDisbursementWait,
  recordDisbursement,
  recordRefund,
  reverseDisbursement,
  settleProposal,
} from "../../../shared/funding/use-cases/funding.ts";
import {
  ConflictError,
  ForbiddenError,
  StaleVersionError,
  StateConflictError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import { checkAndReserve } from "../../../shared/norms/use-cases/check-and-reserve.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import {
  ACTORS,
  a2,
  type MoneyPorts,
  moneyPorts,
  toNormCheck,
  txAt,
} from "../../support/memory/money.ts";

const T0 = "2026-06-01T01:00:00.000Z";
const T1 = "2026-06-02T01:00:00.000Z";
const HTX = { kind: "COOPERATIVE", id: "HTX-CHE" } as const;
let ports: MoneyPorts;

beforeEach(() => {
  ports = moneyPorts(new MemoryDb());
});

async function approved(amount: number) {
  const p = await toNormCheck(ports, a2(amount), T0);
  expect(await checkAndReserve(ports, p.id, T0)).toEqual({ passed: true, status: "APPROVED" });
  return p.id;
}

describe("GIVEN an A2 proposal in the norm check", () => {
  it("WHEN it passes THEN it is APPROVED and its amount is held against the cooperative's cap", async () => {
    const id = await approved(60_000_000);
    expect((await ports.proposals.find(id))?.approvedAmount).toBe(60_000_000);
    expect(ports.usage.row(HTX, "A2.TECH_SUPPORT#ALL")).toEqual({
      reserved: 60_000_000,
      holds: { [id]: 60_000_000 },
    });
    expect((await ports.ledger.records(id)).normCheck).toMatchObject({ passed: true });
  });

  it("WHEN a second proposal would exceed the 100,000,000 đ cap THEN it returns with the breach", async () => {
    await approved(60_000_000);
    const p = await toNormCheck(ports, a2(50_000_000), T0);
    expect(await checkAndReserve(ports, p.id, T0)).toEqual({ passed: false, status: "RETURNED" });
    expect((await ports.proposals.find(p.id))?.statusReason).toMatch(/100\.000\.000/);
  });
});

describe("GIVEN an approved proposal and the workflow waiting for its payment", () => {
  it("WHEN finance pays in two tranches THEN the second ends the wait through the outbox", async () => {
    const id = await approved(60_000_000);
    await openDisbursementWait(ports, { proposalId: id, taskToken: "tok-1" }, T0);
    expect(ports.notices.due).toEqual([{ proposalId: id, at: T0 }]);
    const f = ACTORS.finance;
    const pay = (amount: number, reference: string) =>
      recordDisbursement(ports, f, txAt(T1, f), id, { amount, paidOn: "2026-06-02", reference });
    expect((await pay(40_000_000, "UNC-1")).status).toBe("DISBURSING");
    expect(ports.workflow.signals).toEqual([]);
    expect((await pay(20_000_000, "UNC-2")).status).toBe("MONITORING");
    expect(ports.workflow.signals).toEqual([
      { token: "tok-1", output: { disbursedTotal: 60_000_000 } },
    ]);
    expect(await ports.waits.find(id)).toBeUndefined();
    expect((await ports.ledger.records(id)).disbursements).toHaveLength(2);
  });

  it("WHEN someone other than finance pays THEN 403 and nothing is written", async () => {
    const id = await approved(60_000_000);
    const commits = ports.db.commits;
    const c = ACTORS.commune;
    await expect(
      recordDisbursement(ports, c, txAt(T1, c), id, {
        amount: 1,
        paidOn: "2026-06-02",
        reference: "X",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(ports.db.commits).toBe(commits);
  });

  it("WHEN it is paid in full, reported on and closed THEN it is CLOSED", async () => {
    const id = await approved(60_000_000);
    const f = ACTORS.finance;
    await recordDisbursement(ports, f, txAt(T1, f), id, {
      amount: 60_000_000,
      paidOn: "2026-06-02",
      reference: "UNC-1",
    });
    const c = ACTORS.commune;
    await fileMonitoringReport(ports, c, txAt(T1, c), id, {
      period: "2026-06",
      usedAmount: 60_000_000,
      progress: "on_track",
      summary: "Đã đăng ký nhãn hiệu",
    });
    const a = ACTORS.approver;
    expect((await closeProposal(ports, a, txAt(T1, a), id)).status).toBe("CLOSED");
  });
});

describe("settlement: actual cost, up to the cap", () => {
  const f = ACTORS.finance;
  const docs = [{ kind: "invoice" as const, number: "HĐ-0012", issuedOn: "2026-06-20" }];

  it("GIVEN an A2 approved at 60,000,000 đ and paid 40,000,000 đ WHEN settled at 38,000,000 đ THEN the wait ends, 22,000,000 đ of the cap is free again, a refund of 2,000,000 đ is due, and it closes once the refund is received", async () => {
    const id = await approved(60_000_000);
    await openDisbursementWait(ports, { proposalId: id, taskToken: "tok-s" }, T0);
    await recordDisbursement(ports, f, txAt(T1, f), id, {
      amount: 40_000_000,
      paidOn: "2026-06-02",
      reference: "UNC-1",
    });
    const settled = await settleProposal(ports, f, txAt(T1, f), id, {
      amount: 38_000_000,
      settledOn: "2026-06-25",
      documents: docs,
    });
    expect(settled.status).toBe("MONITORING");
    expect(settled.settlement).toMatchObject({ released: 22_000_000, refundDue: 2_000_000 });
    expect(ports.workflow.signals.map((s) => s.token)).toEqual(["tok-s"]);
    expect(ports.usage.row(HTX, "A2.TECH_SUPPORT#ALL")).toEqual({
      reserved: 38_000_000,
      holds: { [id]: 38_000_000 },
    });
    // 100,000,000 − 38,000,000: a 62,000,000 đ proposal for the same cooperative now fits.
    const next = await toNormCheck(ports, a2(62_000_000), T1);
    expect((await checkAndReserve(ports, next.id, T1)).passed).toBe(true);

    const c = ACTORS.commune;
    await fileMonitoringReport(ports, c, txAt(T1, c), id, {
      period: "2026-06",
      usedAmount: 38_000_000,
      progress: "on_track",
      summary: "Đã hoàn thành",
    });
    const a = ACTORS.approver;
    await expect(closeProposal(ports, a, txAt(T1, a), id)).rejects.toThrow(
      /2000000 đồng is still due/,
    );
    const refunded = await recordRefund(ports, f, txAt(T1, f), id, {
      amount: 2_000_000,
      paidOn: "2026-06-28",
      reference: "PT-01",
    });
    expect(refunded.settlement?.refundReceived).toBe(2_000_000);
    expect((await closeProposal(ports, a, txAt(T1, a), id)).status).toBe("CLOSED");
    const types = (await ports.proposals.history(id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["settlement.recorded", "refund.recorded", "proposal.closed"]),
    );
    const ledger = (await ports.ledger.records(id)).disbursements;
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["payment", 40_000_000],
      ["refund", 2_000_000],
    ]);
  });

  it("WHEN the settlement is above what was paid, or has no document THEN 400 and nothing changes", async () => {
    const id = await approved(60_000_000);
    await recordDisbursement(ports, f, txAt(T1, f), id, {
      amount: 40_000_000,
      paidOn: "2026-06-02",
      reference: "UNC-1",
    });
    const commits = ports.db.commits;
    await expect(
      settleProposal(ports, f, txAt(T1, f), id, {
        amount: 40_000_001,
        settledOn: "2026-06-25",
        documents: docs,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      settleProposal(ports, f, txAt(T1, f), id, {
        amount: 1,
        settledOn: "2026-06-25",
        documents: [],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(ports.db.commits).toBe(commits);
  });

  it("WHEN a proposal is settled THEN no further payment, reversal or settlement is accepted", async () => {
    const id = await approved(60_000_000);
    await recordDisbursement(ports, f, txAt(T1, f), id, {
      amount: 10_000_000,
      paidOn: "2026-06-02",
      reference: "U",
    });
    await settleProposal(ports, f, txAt(T1, f), id, {
      amount: 10_000_000,
      settledOn: "2026-06-25",
      documents: docs,
    });
    await expect(
      recordDisbursement(ports, f, txAt(T1, f), id, {
        amount: 1,
        paidOn: "2026-06-26",
        reference: "U2",
      }),
    ).rejects.toBeInstanceOf(StateConflictError);
    await expect(
      reverseDisbursement(ports, f, txAt(T1, f), id, { entry: 1, reason: "nhầm" }),
    ).rejects.toBeInstanceOf(StateConflictError);
  });
});

describe("reversal of a mistaken payment", () => {
  const f = ACTORS.finance;
  it("GIVEN a payment made twice by mistake WHEN the second is reversed THEN a compensating entry is added, the total follows and a payment can complete the amount again", async () => {
    const id = await approved(60_000_000);
    await openDisbursementWait(ports, { proposalId: id, taskToken: "tok-r" }, T0);
    const pay = (amount: number, reference: string) =>
      recordDisbursement(ports, f, txAt(T1, f), id, { amount, paidOn: "2026-06-02", reference });
    await pay(30_000_000, "UNC-1");
    expect((await pay(30_000_000, "UNC-1")).status).toBe("MONITORING");
    const reversed = await reverseDisbursement(ports, f, txAt(T1, f), id, {
      entry: 2,
      reason: "Chi trùng ủy nhiệm chi UNC-1",
    });
    expect(reversed).toMatchObject({
      status: "DISBURSING",
      disbursedTotal: 30_000_000,
      reversedEntries: [2],
    });
    await expect(
      reverseDisbursement(ports, f, txAt(T1, f), id, { entry: 2, reason: "lần nữa" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const ledger = (await ports.ledger.records(id)).disbursements;
    expect(ledger.map((e) => [e.seq, e.kind, e.amount])).toEqual([
      [1, "payment", 30_000_000],
      [2, "payment", 30_000_000],
      [3, "reversal", -30_000_000],
    ]);
    const event = (await ports.proposals.history(id)).find(
      (e) => e.type === "disbursement.reversed",
    );
    expect(event).toMatchObject({ reason: "Chi trùng ủy nhiệm chi UNC-1", actorId: f.id });
    // The reservation follows the approval, not the payments.
    expect(ports.usage.row(HTX, "A2.TECH_SUPPORT#ALL")?.reserved).toBe(60_000_000);
  });
});

describe("concurrent payments", () => {
  const f = ACTORS.finance;
  it("GIVEN 50,000,000 đ approved WHEN five payments of 9,000,000 đ arrive at once THEN all five land; a sixth of 6,000,000 đ is a 409 naming the 5,000,000 đ remaining, and one after full payment names 0 đ", async () => {
    const id = await approved(50_000_000);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        recordDisbursement(ports, f, txAt(T1, f), id, {
          amount: 9_000_000,
          paidOn: "2026-06-02",
          reference: `UNC-${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill("fulfilled"));
    const p = await ports.proposals.find(id);
    expect(p).toMatchObject({
      disbursedTotal: 45_000_000,
      status: "DISBURSING",
      disbursementCount: 5,
    });
    const pay = (amount: number) =>
      recordDisbursement(ports, f, txAt(T1, f), id, {
        amount,
        paidOn: "2026-06-02",
        reference: "UNC-6",
      }).catch((e: unknown) => e);
    const err = await pay(6_000_000);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(409);
    expect((err as ConflictError).extra.remainingAmount).toBe(5_000_000);
    expect((await pay(5_000_000)) as { status: string }).toMatchObject({ status: "MONITORING" });
    expect(((await pay(1)) as ConflictError).extra.remainingAmount).toBe(0);
  });

  it("WHEN the client sends a stale If-Match THEN 412, as before", async () => {
    const id = await approved(50_000_000);
    await expect(
      recordDisbursement(
        ports,
        f,
        txAt(T1, f),
        id,
        { amount: 1, paidOn: "2026-06-02", reference: "U" },
        1,
      ),
    ).rejects.toBeInstanceOf(StaleVersionError);
  });
});

describe("phase rules", () => {
  const f = ACTORS.finance;
  it("GIVEN a 55/2023 task WHEN a payment is dated after 31/12/2026 THEN it is refused naming Circular 60/2026 Art. 21.1", async () => {
    const id = await approved(10_000_000);
    const err = await recordDisbursement(ports, f, txAt(T1, f), id, {
      amount: 1_000_000,
      paidOn: "2027-01-02",
      reference: "UNC-LATE",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors[0]?.field).toBe("paidOn");
    expect((err as ValidationError).message).toMatch(/Thông tư 60\/2026\/TT-BTC, Điều 21 khoản 1/);
    expect((err as ValidationError).extra).toMatchObject({
      rule: "spending_period",
      spendingUntil: "2026-12-31",
      citation: { articleEn: "Art. 21.1" },
    });
    const ok = await recordDisbursement(ports, f, txAt(T1, f), id, {
      amount: 1_000_000,
      paidOn: "2026-12-31",
      reference: "UNC-LAST-DAY",
    });
    expect(ok.disbursedTotal).toBe(1_000_000);
  });

  it("WHEN a draft names no phase THEN the phase follows the decision date, not a default", async () => {
    const { phase: _p, ...noPhase } = a2(10_000_000);
    const p2026 = await toNormCheck(ports, noPhase, T0);
    expect(p2026.phase).toBe("2021-2025");
    expect(p2026.fundingSource).toBeUndefined();
    const p2027 = await toNormCheck(
      ports,
      { ...noPhase, beneficiaryId: "HTX-2" },
      "2027-01-05T01:00:00Z",
    );
    expect(p2027.phase).toBe("2026-2035");
    const res = await checkAndReserve(ports, p2027.id, "2027-01-05T01:00:00Z");
    expect(res.passed).toBe(false);
    expect((await ports.proposals.find(p2027.id))?.statusReason).toMatch(/2026-2035/);
  });

  it("WHEN a draft states its funding source THEN the phase follows it", async () => {
    const { phase: _p, ...noPhase } = a2(10_000_000);
    const p = await toNormCheck(ports, { ...noPhase, fundingSource: "NTP_2026_2035" }, T0);
    expect(p).toMatchObject({ phase: "2026-2035", fundingSource: "NTP_2026_2035" });
  });
});
