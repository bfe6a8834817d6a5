/**
 * The monitoring use cases on in-memory ports (no Java): a commune's quarterly report pre-fills
 * from a fixture whose figures are worked out by hand below; the province approves it (the
 * commune's entered values then count); the national dashboard shows the provinces and the
 * nation against their targets; an approved report changes only through an audited reopen.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import { verifyChain } from "../../../shared/audit/domain/chain.ts";
import type { Unit } from "../../../shared/directory/ports.ts";
import {
  ForbiddenError,
  NotFoundError,
  StateConflictError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import { NATION_ID } from "../../../shared/kernel/types.ts";
import type { Dashboard } from "../../../shared/monitoring/domain/dashboard.ts";
import {
  approvalDeltas,
  disbursementDeltas,
  memberDeltas,
  type SavingsGroupFacts,
  savingsGroupDeltas,
} from "../../../shared/monitoring/domain/deltas.ts";
import { readDashboard } from "../../../shared/monitoring/use-cases/dashboard.ts";
import {
  correctProgrammeEvent,
  recordProgrammeEvent,
} from "../../../shared/monitoring/use-cases/events.ts";
import { sweepReportReminders } from "../../../shared/monitoring/use-cases/reminders.ts";
import {
  decideReport,
  listReports,
  readReport,
  reopenPeriodicReport,
  saveReport,
  submitPeriodicReport,
} from "../../../shared/monitoring/use-cases/reports.ts";
import { setTargets } from "../../../shared/monitoring/use-cases/targets.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import { DEMO_UNITS, memoryDirectory } from "../../support/memory/directory.ts";
import {
  memoryAggregateReader,
  memoryEventStore,
  memoryIndicatorLedger,
  memoryIndicatorStore,
  memoryReminderStore,
  memoryReportStore,
  memoryTargetStore,
  recordingNotices,
} from "../../support/memory/monitoring.ts";

const UNITS: Unit[] = [
  {
    id: NATION_ID,
    kind: "nation",
    nameVi: "Toàn quốc",
    nameEn: "Nationwide",
    provinceId: NATION_ID,
  },
  ...DEMO_UNITS,
  { id: "P-HG", kind: "province", nameVi: "Tỉnh Hà Giang", nameEn: "Ha Giang", provinceId: "P-HG" },
  {
    id: "RU-DV",
    kind: "review_unit",
    nameVi: "Cụm Đồng Văn",
    nameEn: "Dong Van",
    provinceId: "P-HG",
  },
  {
    id: "C-LUNGCU",
    kind: "commune",
    nameVi: "Xã Lũng Cú",
    nameEn: "Lung Cu",
    provinceId: "P-HG",
    reviewUnitId: "RU-DV",
  },
];

const actor = (
  id: string,
  role: ScopedActor["role"],
  unitId: string,
  provinceId: string,
): ScopedActor => ({ id, role, unitId, provinceId });
const commune = actor("commune.batxat", "commune_officer", "C-BATXAT", "P-LC");
const province = actor("province.laocai", "province_officer", "P-LC", "P-LC");
const central = actor("central", "central_officer", NATION_ID, NATION_ID);
const approver = actor("approver.batxat", "approver", "RU-BX", "P-LC");
const otherProvince = actor("province.hagiang", "province_officer", "P-HG", "P-HG");
const at = (iso: string, a: ScopedActor): TransitionContext => ({
  actor: a,
  channel: "api",
  at: iso,
});

let db: MemoryDb;
let ports: ReturnType<typeof makePorts>;

function makePorts() {
  const ledger = memoryIndicatorLedger();
  return {
    directory: memoryDirectory(UNITS),
    aggregates: memoryAggregateReader(db),
    targets: memoryTargetStore(db),
    indicators: memoryIndicatorStore(db),
    reports: memoryReportStore(db),
    events: memoryEventStore(db),
    reminders: memoryReminderStore(db),
    ledger,
  };
}

const BATXAT = { communeId: "C-BATXAT", provinceId: "P-LC" };
/** Facts the proposals and funding use cases stage with their own changes (wired in norms.ts / funding.ts). */
function commit(deltas: Parameters<ReturnType<typeof memoryIndicatorLedger>["stage"]>[0]) {
  db.transact(ports.ledger.stage(deltas) as never);
}

async function fixture() {
  // Approvals in 2026-Q1 at Bát Xát: two A2 (60 M, 40 M), one A4 (20 M), one A3 founding (15 M).
  commit(
    approvalDeltas(
      {
        ...BATXAT,
        activity: "A2",
        approvedAmount: 60_000_000,
        items: [{ code: "A2.TECH_SUPPORT" }],
      },
      "2026-02-10",
    ),
  );
  commit(
    approvalDeltas(
      {
        ...BATXAT,
        activity: "A2",
        approvedAmount: 40_000_000,
        items: [{ code: "A2.TECH_SUPPORT" }],
      },
      "2026-03-05",
    ),
  );
  commit(
    approvalDeltas(
      {
        ...BATXAT,
        activity: "A4",
        approvedAmount: 20_000_000,
        items: [{ code: "A4.LIVELIHOOD_MODEL" }],
      },
      "2026-03-20",
    ),
  );
  commit(
    approvalDeltas(
      {
        ...BATXAT,
        activity: "A3",
        approvedAmount: 15_000_000,
        items: [{ code: "A3.NEW_ADDRESS_EQUIPMENT" }],
      },
      "2026-01-15",
    ),
  );
  // Payments: 60 M on 1/3 (Q1), 20 M on 2/4 (Q2: not in the Q1 report).
  commit(
    disbursementDeltas(
      { ...BATXAT, activity: "A2", items: [] },
      { amount: 60_000_000, paidOn: "2026-03-01" },
    ),
  );
  commit(
    disbursementDeltas(
      { ...BATXAT, activity: "A4", items: [] },
      { amount: 20_000_000, paidOn: "2026-04-02" },
    ),
  );
  // One savings group (founded 2025, GALS since 10/1/2026), four members: m1 introduced, m4 supported.
  const g: SavingsGroupFacts = {
    ...BATXAT,
    state: "ACTIVE",
    foundedOn: "2025-05-01",
    status: "active",
    galsSince: "2026-01-10",
  };
  commit([
    ...savingsGroupDeltas(g),
    ...memberDeltas(
      { gender: "female", ethnicity: "Mông", introductions: [{ on: "2026-02-01" }], supports: [] },
      g,
    ),
    ...memberDeltas({ gender: "female", ethnicity: "Mông", introductions: [], supports: [] }, g),
    ...memberDeltas({ gender: "male", ethnicity: "Dao", introductions: [], supports: [] }, g),
    ...memberDeltas(
      { gender: "female", ethnicity: "Kinh", introductions: [], supports: [{ on: "2026-03-03" }] },
      g,
    ),
  ]);
  // Events through the use case: Bát Xát's training (25: 22 women, 21 minority) and communication (50).
  await recordProgrammeEvent(ports, commune, at("2026-03-25T03:00:00Z", commune), {
    unitId: "C-BATXAT",
    kind: "training",
    activity: "A1",
    title: "Tập huấn GALS",
    heldOn: "2026-02-20",
    participants: { femaleMinority: 18, femaleKinh: 4, maleMinority: 3, maleKinh: 0 },
  });
  await recordProgrammeEvent(ports, commune, at("2026-03-25T03:00:00Z", commune), {
    unitId: "C-BATXAT",
    kind: "communication",
    title: "Truyền thông trên loa xã",
    heldOn: "2026-03-08",
    participants: { femaleMinority: 40, femaleKinh: 0, maleMinority: 10, maleKinh: 0 },
  });
  const muonghum = actor("commune.muonghum", "commune_officer", "C-MUONGHUM", "P-LC");
  await recordProgrammeEvent(ports, muonghum, at("2026-03-25T03:00:00Z", muonghum), {
    unitId: "C-MUONGHUM",
    kind: "training",
    title: "Tập huấn tổ TKVVTB",
    heldOn: "2026-01-10",
    participants: { femaleMinority: 0, femaleKinh: 10, maleMinority: 0, maleKinh: 0 },
  });
  // Hà Giang: one A2 approval; the centre's own conference (50 participants).
  commit(
    approvalDeltas(
      {
        communeId: "C-LUNGCU",
        provinceId: "P-HG",
        activity: "A2",
        approvedAmount: 50_000_000,
        items: [],
      },
      "2026-02-02",
    ),
  );
  await recordProgrammeEvent(ports, central, at("2026-03-25T03:00:00Z", central), {
    unitId: NATION_ID,
    kind: "conference",
    title: "Hội thảo toàn quốc",
    heldOn: "2026-03-15",
    participants: { femaleMinority: 0, femaleKinh: 30, maleMinority: 0, maleKinh: 20 },
  });
  // Targets of 2026: the centre sets the nation's and Lào Cai's, the province Bát Xát's.
  await setTargets(ports, central, at("2026-01-05T02:00:00Z", central), NATION_ID, 2026, {
    "A2.GROUPS_SUPPORTED": 100,
    "A1.FORMAL_FINANCE_PCT": 15,
  });
  await setTargets(ports, central, at("2026-01-05T02:00:00Z", central), "P-LC", 2026, {
    "A2.GROUPS_SUPPORTED": 20,
  });
  await setTargets(ports, province, at("2026-01-06T02:00:00Z", province), "C-BATXAT", 2026, {
    "A2.GROUPS_SUPPORTED": 4,
  });
}

const APRIL = "2026-04-03T03:00:00Z";
const fig = (d: Dashboard, code: string) => d.indicators.find((i) => i.code === code);
const child = (d: Dashboard, place: string, code: string) =>
  d.children.find((c) => c.place.id === place)?.figures[code];

beforeEach(async () => {
  db = new MemoryDb();
  ports = makePorts();
  await fixture();
});

describe("GIVEN a commune's first quarter of 2026 (worked by hand)", () => {
  it("THEN its quarterly report pre-fills: 2 A2 groups, 100 M for A2, 1 survivor, 1 address founded, 135 M approved, 60 M paid (44.4 %), A1 25 % / 25 %, 1 GALS group, 1 training of 25 (22 women, 21 minority), 50 reached", async () => {
    const v = await readReport(ports, commune, "C-BATXAT", "2026-Q1", APRIL);
    expect(v.report.status).toBe("NOT_STARTED");
    expect(v.live).toBe(true);
    expect(v.dueOn).toBe("2026-04-10");
    const f = v.figures;
    expect(f["A2.GROUPS_SUPPORTED"]).toMatchObject({ value: 2, target: 4 });
    expect(f["A2.AMOUNT_APPROVED"]?.value).toBe(100_000_000);
    expect(f["A4.SURVIVORS_SUPPORTED"]?.value).toBe(1);
    expect(f["A3.ADDRESSES_FOUNDED"]?.value).toBe(1);
    expect(f["A3.ADDRESSES_UPGRADED"]?.value).toBe(0);
    expect(f["FIN.APPROVED"]?.value).toBe(135_000_000);
    expect(f["FIN.APPROVED"]?.breakdown?.["activity=A3"]).toBe(15_000_000);
    expect(f["FIN.DISBURSED"]?.value).toBe(60_000_000);
    expect(f["FIN.DISBURSEMENT_RATE"]?.value).toBe(44.4); // 60 / 135
    expect(f["A1.MEMBERS"]?.value).toBe(4);
    expect(f["A1.FORMAL_FINANCE_PCT"]?.value).toBe(25); // m1 of 4
    expect(f["A1.LIVELIHOOD_PCT"]?.value).toBe(25); // m4 of 4
    expect(f["A1.FORMAL_FINANCE_PCT"]?.breakdown?.["gender=female"]).toBe(33.3); // m1 of 3 women
    expect(f["A1.GALS_GROUPS"]?.value).toBe(1);
    expect(f["EV.TRAININGS"]?.value).toBe(1);
    expect(f["EV.TRAININGS_PARTICIPANTS"]).toMatchObject({
      value: 25,
      breakdown: expect.objectContaining({
        "gender=female": 22,
        "gender=male": 3,
        "ethnicity=minority": 21,
        "ethnicity=kinh": 4,
      }),
    });
    expect(f["EV.COMMUNICATIONS_PARTICIPANTS"]?.value).toBe(50);
    expect(f["A3.VICTIMS_SUPPORTED"]?.value).toBe(0);
    expect(v.enterable).toEqual(["A1.GROUPS_CONSOLIDATED", "A3.VICTIMS_SUPPORTED"]);
  });

  it("WHEN the commune submits AND the province approves THEN the entered values count at every level, and the national dashboard shows provinces and nation against targets", async () => {
    const draft = await saveReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q1", {
      entered: { "A3.VICTIMS_SUPPORTED": 3, "A1.GROUPS_CONSOLIDATED": 2 },
      narrative: { results: "Hoàn thành tập huấn GALS", difficulties: "Đường xa" },
    });
    const submitted = await submitPeriodicReport(
      ports,
      commune,
      at(APRIL, commune),
      "C-BATXAT",
      "2026-Q1",
      draft.version,
    );
    expect(submitted.status).toBe("SUBMITTED");
    expect(submitted.figures["A2.GROUPS_SUPPORTED"]?.value).toBe(2);
    // Not approved yet: the entered values do not count, and the centre does not see the report.
    let nation = await readDashboard(
      ports,
      central,
      { placeId: NATION_ID, period: "2026-Q1" },
      APRIL,
    );
    expect(fig(nation, "A3.VICTIMS_SUPPORTED")?.value).toBe(0);
    await expect(readReport(ports, central, "C-BATXAT", "2026-Q1", APRIL)).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      decideReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q1", {
        decision: "approve",
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      decideReport(ports, otherProvince, at(APRIL, otherProvince), "C-BATXAT", "2026-Q1", {
        decision: "approve",
      }),
    ).rejects.toThrow(ForbiddenError);

    const approved = await decideReport(
      ports,
      province,
      at("2026-04-05T02:00:00Z", province),
      "C-BATXAT",
      "2026-Q1",
      { decision: "approve" },
    );
    expect(approved.status).toBe("APPROVED");
    expect((await readReport(ports, central, "C-BATXAT", "2026-Q1", APRIL)).report.status).toBe(
      "APPROVED",
    );

    nation = await readDashboard(ports, central, { placeId: NATION_ID, period: "2026-Q1" }, APRIL);
    // Provinces: Lào Cai 2 of 20, Hà Giang 1 (no target); the nation 3 of 100.
    expect(child(nation, "P-LC", "A2.GROUPS_SUPPORTED")).toEqual({
      value: 2,
      target: 20,
      progress: 10,
    });
    expect(child(nation, "P-HG", "A2.GROUPS_SUPPORTED")).toEqual({ value: 1, progress: null });
    expect(fig(nation, "A2.GROUPS_SUPPORTED")).toMatchObject({
      value: 3,
      target: 100,
      progress: 3,
    });
    expect(fig(nation, "FIN.APPROVED")?.value).toBe(185_000_000);
    expect(fig(nation, "A1.FORMAL_FINANCE_PCT")).toMatchObject({
      value: 25,
      target: 15,
      progress: 166,
    });
    expect(fig(nation, "A3.VICTIMS_SUPPORTED")?.value).toBe(3);
    expect(child(nation, "P-LC", "A3.VICTIMS_SUPPORTED")?.value).toBe(3);
    // Trainings: Bát Xát 1 + Mường Hum 1; the centre's conference counts only at the nation.
    expect(fig(nation, "EV.TRAININGS")?.value).toBe(2);
    expect(fig(nation, "EV.CONFERENCES_PARTICIPANTS")?.value).toBe(50);
    expect(child(nation, "P-LC", "EV.CONFERENCES")?.value).toBe(0);
    // The province's own dashboard drills into its communes.
    const lc = await readDashboard(ports, province, { placeId: "P-LC", period: "2026-Q1" }, APRIL);
    expect(child(lc, "C-BATXAT", "A2.GROUPS_SUPPORTED")).toEqual({
      value: 2,
      target: 4,
      progress: 50,
    });
    expect(fig(lc, "EV.TRAININGS_PARTICIPANTS")?.value).toBe(35);
    expect(lc.children.map((c) => c.place.id).sort()).toEqual(["C-BATXAT", "C-MUONGHUM"]);
    // The year so far: Q2's payment shows in 2026 and in Q2, not in Q1.
    const year = await readDashboard(ports, province, { placeId: "P-LC", period: "2026" }, APRIL);
    expect(fig(year, "FIN.DISBURSED")?.value).toBe(80_000_000);
    expect(fig(year, "FIN.DISBURSED")?.quarters.map((q) => q.value)).toEqual([
      60_000_000, 20_000_000, 0, 0,
    ]);
  });

  it("THEN an approved report cannot change; a reopen needs the province and a reason, is audited, and withdraws the entered values until approved again", async () => {
    const d = await saveReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q1", {
      entered: { "A3.VICTIMS_SUPPORTED": 3 },
      narrative: {},
    });
    await submitPeriodicReport(
      ports,
      commune,
      at(APRIL, commune),
      "C-BATXAT",
      "2026-Q1",
      d.version,
    );
    await decideReport(ports, province, at(APRIL, province), "C-BATXAT", "2026-Q1", {
      decision: "approve",
    });

    await expect(
      saveReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q1", {
        entered: { "A3.VICTIMS_SUPPORTED": 5 },
        narrative: {},
      }),
    ).rejects.toThrow(StateConflictError);
    await expect(
      reopenPeriodicReport(
        ports,
        commune,
        at(APRIL, commune),
        "C-BATXAT",
        "2026-Q1",
        "sai số liệu",
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      reopenPeriodicReport(ports, province, at(APRIL, province), "C-BATXAT", "2026-Q1", "  "),
    ).rejects.toThrow(ValidationError);

    const reopened = await reopenPeriodicReport(
      ports,
      province,
      at("2026-04-20T02:00:00Z", province),
      "C-BATXAT",
      "2026-Q1",
      "Xã báo sai số nạn nhân được hỗ trợ",
    );
    expect(reopened.status).toBe("REOPENED");
    let lc = await readDashboard(ports, province, { placeId: "P-LC", period: "2026-Q1" }, APRIL);
    expect(fig(lc, "A3.VICTIMS_SUPPORTED")?.value).toBe(0);

    const fixed = await saveReport(
      ports,
      commune,
      at("2026-04-21T02:00:00Z", commune),
      "C-BATXAT",
      "2026-Q1",
      { entered: { "A3.VICTIMS_SUPPORTED": 5 }, narrative: {} },
    );
    await submitPeriodicReport(
      ports,
      commune,
      at("2026-04-21T02:00:00Z", commune),
      "C-BATXAT",
      "2026-Q1",
      fixed.version,
    );
    await decideReport(
      ports,
      province,
      at("2026-04-22T02:00:00Z", province),
      "C-BATXAT",
      "2026-Q1",
      { decision: "approve" },
    );
    lc = await readDashboard(ports, province, { placeId: "P-LC", period: "2026-Q1" }, APRIL);
    expect(fig(lc, "A3.VICTIMS_SUPPORTED")?.value).toBe(5);

    const events = db.events("MR#C-BATXAT#2026-Q1");
    expect(events.map((e) => e.type)).toEqual([
      "report.created",
      "report.submitted",
      "report.approved",
      "report.reopened",
      "report.edited",
      "report.submitted",
      "report.approved",
    ]);
    expect(events[3]).toMatchObject({
      actorId: "province.laocai",
      reason: "Xã báo sai số nạn nhân được hỗ trợ",
      from: "APPROVED",
      to: "REOPENED",
    });
    expect(verifyChain(events).ok).toBe(true);
  });

  it("THEN a province's own report rolls up its communes' and is approved by the centre", async () => {
    const d = await saveReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q1", {
      entered: { "A3.VICTIMS_SUPPORTED": 3 },
      narrative: {},
    });
    await submitPeriodicReport(
      ports,
      commune,
      at(APRIL, commune),
      "C-BATXAT",
      "2026-Q1",
      d.version,
    );
    await decideReport(ports, province, at(APRIL, province), "C-BATXAT", "2026-Q1", {
      decision: "approve",
    });
    const own = await submitPeriodicReport(ports, province, at(APRIL, province), "P-LC", "2026-Q1");
    expect(own.figures["A2.GROUPS_SUPPORTED"]?.value).toBe(2);
    expect(own.figures["A3.VICTIMS_SUPPORTED"]?.value).toBe(3);
    expect(own.figures["EV.TRAININGS"]?.value).toBe(2);
    expect(own.communes).toEqual({ total: 2, approved: 1, submitted: 0 });
    await expect(
      decideReport(ports, province, at(APRIL, province), "P-LC", "2026-Q1", {
        decision: "approve",
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      (
        await decideReport(ports, central, at(APRIL, central), "P-LC", "2026-Q1", {
          decision: "approve",
        })
      ).status,
    ).toBe("APPROVED");
    const listed = await listReports(
      ports,
      central,
      { placeId: NATION_ID, period: "2026-Q1" },
      APRIL,
    );
    expect(listed.reports.find((r) => r.unitId === "P-LC")?.status).toBe("APPROVED");
    expect(listed.reports.find((r) => r.unitId === "P-HG")?.status).toBe("NOT_STARTED");
  });

  it("THEN a reviewing unit reads its communes' sum; a commune may not read its province or another commune; a report cannot be submitted before its period ends", async () => {
    const ru = await readDashboard(ports, approver, { period: "2026-Q1" }, APRIL);
    expect(ru.place.id).toBe("RU-BX");
    expect(fig(ru, "A2.GROUPS_SUPPORTED")?.value).toBe(2);
    expect(ru.children.map((c) => c.place.id).sort()).toEqual(["C-BATXAT", "C-MUONGHUM"]);
    await expect(readDashboard(ports, commune, { placeId: "P-LC" }, APRIL)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(readDashboard(ports, commune, { placeId: "C-MUONGHUM" }, APRIL)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(readDashboard(ports, province, { placeId: NATION_ID }, APRIL)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      submitPeriodicReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q2"),
    ).rejects.toThrow(ValidationError);
  });

  it("THEN targets are set by the level that owns them, and an event correction moves the counters by the difference", async () => {
    await expect(
      setTargets(ports, province, at(APRIL, province), "P-LC", 2026, { "A2.GROUPS_SUPPORTED": 50 }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      setTargets(ports, central, at(APRIL, central), "C-BATXAT", 2026, {
        "A2.GROUPS_SUPPORTED": 5,
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      setTargets(ports, central, at(APRIL, central), NATION_ID, 2026, {
        "A1.FORMAL_FINANCE_PCT": 150,
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      setTargets(ports, central, at(APRIL, central), NATION_ID, 2026, { "NO.SUCH": 1 }),
    ).rejects.toThrow(ValidationError);
    const events = await ports.events.ofUnit("C-BATXAT", 2026);
    const training = events.find((e) => e.kind === "training");
    if (!training) throw new Error("fixture");
    await correctProgrammeEvent(ports, commune, at(APRIL, commune), training.id, {
      kind: "training",
      title: training.title,
      heldOn: "2026-04-01",
      participants: { femaleMinority: 10, femaleKinh: 0, maleMinority: 0, maleKinh: 0 },
      reason: "Ngày và số người ghi nhầm",
    });
    const q1 = await readDashboard(ports, commune, { period: "2026-Q1" }, APRIL);
    const q2 = await readDashboard(ports, commune, { period: "2026-Q2" }, APRIL);
    expect(fig(q1, "EV.TRAININGS")?.value).toBe(0);
    expect(fig(q2, "EV.TRAININGS_PARTICIPANTS")?.value).toBe(10);
  });
});

describe("GIVEN the reminder sweep", () => {
  it("THEN a unit without its report is reminded before the due date, told when overdue, then the level above; each once; a submitted report stops them", async () => {
    const notices = recordingNotices();
    const sweep = (today: string) => sweepReportReminders({ ...ports, notices }, today);
    const batxat = await saveReport(ports, commune, at(APRIL, commune), "C-BATXAT", "2026-Q1", {
      entered: {},
      narrative: {},
    });
    await submitPeriodicReport(
      ports,
      commune,
      at(APRIL, commune),
      "C-BATXAT",
      "2026-Q1",
      batxat.version,
    );

    expect(await sweep("2026-04-04")).toEqual({ due: 0, overdue: 0, escalated: 0 });
    const due = await sweep("2026-04-06");
    const q1 = notices.sent.filter((n) => n.period === "2026-Q1");
    expect(q1.map((n) => n.unitId).sort()).toEqual(["C-LUNGCU", "C-MUONGHUM", "P-HG", "P-LC"]);
    expect(q1.every((n) => n.step === "due")).toBe(true);
    expect(due.due).toBe(4);
    expect((await sweep("2026-04-07")).due).toBe(0);
    await sweep("2026-04-11");
    const overdue = notices.sent.filter((n) => n.step === "overdue" && n.unitId === "C-MUONGHUM");
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.to).toEqual({
      unitIds: ["C-MUONGHUM", "RU-BX"],
      roles: ["commune_officer", "unit_lead"],
    });
    await sweep("2026-04-18");
    const escalated = notices.sent.filter((n) => n.step === "escalated" && n.period === "2026-Q1");
    expect(escalated.find((n) => n.unitId === "C-MUONGHUM")?.to).toEqual({
      unitIds: ["P-LC"],
      roles: ["province_officer"],
    });
    expect(escalated.find((n) => n.unitId === "P-LC")?.to).toEqual({
      unitIds: [NATION_ID],
      roles: ["central_officer"],
    });
    expect(notices.sent.some((n) => n.unitId === "C-BATXAT" && n.period === "2026-Q1")).toBe(false);
  });
});
