/** The money path on in-memory ports: norm check and reservation, payments, the wait, reports, closing. */
import { beforeEach, describe, expect, it } from "vitest";
import {
  closeProposal,
  fileMonitoringReport,
  openDisbursementWait,
  recordDisbursement,
} from "../../../shared/funding/use-cases/funding.ts";
import { ForbiddenError } from "../../../shared/kernel/errors.ts";
import { checkAndReserve } from "../../../shared/norms/use-cases/norms.ts";
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
