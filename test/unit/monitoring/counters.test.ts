/**
 * The counters: facts become deltas, deltas become cell ADDs, and a period's value read back from
 * the cells equals the indicator's written definition. The A1 fixture is worked out by hand; a
 * property test then compares the counters with a direct computation of the definitions (the
 * registry's, shared/registry/domain/indicators.ts) on random groups, members and periods.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cellIncrements,
  measureValue,
  type PlaceCells,
  slotId,
} from "../../../shared/monitoring/domain/cells.ts";
import {
  difference,
  groupChangeDeltas,
  type IndicatorDelta,
  type MemberFacts,
  memberDeltas,
  type SavingsGroupFacts,
  savingsGroupDeltas,
} from "../../../shared/monitoring/domain/deltas.ts";
import {
  indicatorValue,
  SHIPPED_INDICATORS,
} from "../../../shared/monitoring/domain/indicators.ts";
import { ethnicityClass } from "../../../shared/monitoring/domain/measures.ts";
import { type Period, parsePeriod } from "../../../shared/monitoring/domain/periods.ts";

/** Applies deltas the way the ledger does and returns each place's cells. */
function apply(
  deltas: readonly IndicatorDelta[],
  into = new Map<string, Record<string, number>>(),
) {
  for (const inc of cellIncrements(deltas)) {
    const k = inc.key;
    const id =
      k.kind === "cell"
        ? `${k.parentId}|${k.placeId}|${slotId(k.year, k.slot)}`
        : `${k.parentId}|${k.placeId}|now`;
    const c = into.get(id) ?? {};
    for (const [n, v] of Object.entries(inc.adds)) c[n] = (c[n] ?? 0) + v;
    into.set(id, c);
  }
  return into;
}

function cellsOf(
  store: Map<string, Record<string, number>>,
  parentId: string,
  placeId: string,
): PlaceCells {
  const slots = new Map<string, Record<string, number>>();
  let now: Record<string, number> | undefined;
  for (const [id, c] of store) {
    const [p, place, slot] = id.split("|");
    if (p !== parentId || place !== placeId || !slot) continue;
    if (slot === "now") now = c;
    else slots.set(slot, c);
  }
  return { slots, ...(now ? { now } : {}) };
}

const P = (id: string): Period => {
  const p = parsePeriod(id);
  if (!p) throw new Error(id);
  return p;
};
const indicator = (code: string) => {
  const d = SHIPPED_INDICATORS.find((i) => i.code === code);
  if (!d) throw new Error(code);
  return d;
};

const where = { communeId: "C-BATXAT", provinceId: "P-LC", state: "ACTIVE" };
const G1: SavingsGroupFacts = {
  ...where,
  foundedOn: "2025-03-10",
  status: "active",
  galsSince: "2026-02-01",
};
const G2: SavingsGroupFacts = { ...where, foundedOn: "2026-04-15", status: "active" };
const G3: SavingsGroupFacts = {
  ...where,
  foundedOn: "2024-06-01",
  status: "dissolved",
  statusSince: "2026-02-20",
};
const member = (m: Partial<MemberFacts> & { gender: string }): MemberFacts => ({
  introductions: [],
  supports: [],
  ...m,
});
const M: [MemberFacts, SavingsGroupFacts][] = [
  [
    member({
      gender: "female",
      ethnicity: "Mông",
      introductions: [{ on: "2026-01-15" }],
      supports: [{ on: "2026-05-02" }],
    }),
    G1,
  ],
  [
    member({
      gender: "female",
      ethnicity: "Kinh",
      joinedOn: "2025-03-10",
      leftOn: "2026-03-01",
      introductions: [{ on: "2026-02-10" }],
    }),
    G1,
  ],
  [
    member({
      gender: "male",
      ethnicity: "Dao",
      joinedOn: "2026-05-20",
      introductions: [{ on: "2026-05-25" }],
    }),
    G1,
  ],
  [member({ gender: "female", ethnicity: "Mông", supports: [{ on: "2026-06-10" }] }), G2],
  [
    member({
      gender: "female",
      ethnicity: "Dao",
      introductions: [{ on: "2026-04-05" }],
      supports: [{ on: "2026-01-20" }],
    }),
    G3,
  ],
];

function fixture() {
  return apply([
    ...[G1, G2, G3].flatMap((g) => savingsGroupDeltas(g)),
    ...M.flatMap(([m, g]) => memberDeltas(m, g)),
  ]);
}

describe("GIVEN three savings groups and five members of one commune (worked by hand)", () => {
  const store = fixture();
  const commune = { cells: cellsOf(store, "P-LC", "C-BATXAT"), untilYear: 2026 };
  const province = { cells: cellsOf(store, "VN", "P-LC"), untilYear: 2026 };
  const value = (code: string, period: string, src = commune, dims = {}) =>
    indicatorValue(indicator(code), P(period), src, dims);

  it("THEN 2026-Q1: G1 and G3 (dissolved on 20/2) operate; m1, m2 (left 1/3), m5 count; m1, m2 introduced; m5 supported", () => {
    expect(value("A1.GROUPS_ACTIVE", "2026-Q1")).toBe(2);
    expect(value("A1.GALS_GROUPS", "2026-Q1")).toBe(1);
    expect(value("A1.MEMBERS", "2026-Q1")).toBe(3);
    expect(value("A1.FORMAL_FINANCE_PCT", "2026-Q1")).toBe(66.7); // 2 / 3
    expect(value("A1.LIVELIHOOD_PCT", "2026-Q1")).toBe(33.3); // 1 / 3
    expect(value("A1.MEMBERS", "2026-Q1", commune, { gender: "female" })).toBe(3);
    expect(value("A1.MEMBERS", "2026-Q1", commune, { ethnicity: "minority" })).toBe(2);
    expect(value("A1.GROUPS_FOUNDED", "2026-Q1")).toBe(0);
  });

  it("THEN 2026-Q2: G1 and G2 (founded 15/4); m1, m3 (joined 20/5), m4 count; m3 introduced (m5's 5/4 introduction is after her group's end); m1, m4 supported", () => {
    expect(value("A1.GROUPS_ACTIVE", "2026-Q2")).toBe(2);
    expect(value("A1.GROUPS_FOUNDED", "2026-Q2")).toBe(1);
    expect(value("A1.MEMBERS", "2026-Q2")).toBe(3);
    expect(value("A1.FORMAL_FINANCE_PCT", "2026-Q2")).toBe(33.3); // 1 / 3
    expect(value("A1.LIVELIHOOD_PCT", "2026-Q2")).toBe(66.7); // 2 / 3
    expect(value("A1.MEMBERS", "2026-Q2", commune, { gender: "male" })).toBe(1);
  });

  it("THEN 2026-H1 and 2026: all three groups and five members count; m1, m2, m3, m5 introduced (4/5), m1, m4, m5 supported (3/5): a person counts once in the half", () => {
    for (const period of ["2026-H1", "2026"]) {
      expect(value("A1.GROUPS_ACTIVE", period)).toBe(3);
      expect(value("A1.MEMBERS", period)).toBe(5);
      expect(value("A1.FORMAL_FINANCE_PCT", period)).toBe(80);
      expect(value("A1.LIVELIHOOD_PCT", period)).toBe(60);
    }
    expect(value("A1.FORMAL_FINANCE_PCT", "2026", commune, { ethnicity: "minority" })).toBe(75); // m1, m3, m5 of m1, m3, m4, m5
  });

  it("THEN 2025 (read back from the running total, minus 2026's flows): G1 and G3 operate; m1, m2, m5 count; nobody introduced", () => {
    expect(value("A1.GROUPS_ACTIVE", "2025")).toBe(2);
    expect(value("A1.GROUPS_FOUNDED", "2025")).toBe(1);
    expect(value("A1.MEMBERS", "2025")).toBe(3);
    expect(value("A1.FORMAL_FINANCE_PCT", "2025")).toBe(0);
    expect(value("A1.GALS_GROUPS", "2025")).toBe(0);
  });

  it("THEN the province's total cells hold the same figures (the second ADD of each delta)", () => {
    expect(value("A1.FORMAL_FINANCE_PCT", "2026-Q1", province)).toBe(66.7);
    expect(value("A1.MEMBERS", "2026", province)).toBe(5);
  });

  it("WHEN m1 leaves on 31/3 (a correction: after − before) THEN Q2 loses her and her Q2 support", () => {
    const [m1, g] = M[0] ?? [];
    if (!m1 || !g) throw new Error("fixture");
    const s = fixture();
    apply(difference(memberDeltas(m1, g), memberDeltas({ ...m1, leftOn: "2026-03-31" }, g)), s);
    const src = { cells: cellsOf(s, "P-LC", "C-BATXAT"), untilYear: 2026 };
    expect(indicatorValue(indicator("A1.MEMBERS"), P("2026-Q2"), src)).toBe(2);
    expect(indicatorValue(indicator("A1.LIVELIHOOD_PCT"), P("2026-Q2"), src)).toBe(50); // m4 of m3, m4
    expect(indicatorValue(indicator("A1.MEMBERS"), P("2026-Q1"), src)).toBe(3);
  });

  it("WHEN G1 is dissolved on 30/4 THEN its members stop counting after it (the group's change moves its members)", () => {
    const s = fixture();
    const g1Members = M.filter(([, g]) => g === G1).map(([m]) => m);
    apply(
      groupChangeDeltas(G1, { ...G1, status: "dissolved", statusSince: "2026-04-30" }, g1Members),
      s,
    );
    const src = { cells: cellsOf(s, "P-LC", "C-BATXAT"), untilYear: 2026 };
    // Q2: G1 until 30/4 (m1 counts, m3 joined 20/5 after it), G2 with m4.
    expect(indicatorValue(indicator("A1.MEMBERS"), P("2026-Q2"), src)).toBe(2);
    expect(indicatorValue(indicator("A1.GROUPS_ACTIVE"), P("2026-Q2"), src)).toBe(2);
    expect(indicatorValue(indicator("A1.GALS_GROUPS"), P("2026-Q2"), src)).toBe(1);
  });
});

describe("GIVEN a savings group founded in 2019, before the programme's first year", () => {
  const g: SavingsGroupFacts = {
    communeId: "C-BATXAT",
    provinceId: "P-LC",
    state: "ACTIVE",
    foundedOn: "2019-05-01",
    status: "active",
  };
  const store = apply([
    ...savingsGroupDeltas(g),
    ...memberDeltas({ gender: "female", introductions: [{ on: "2026-02-01" }], supports: [] }, g),
  ]);
  const src = { cells: cellsOf(store, "P-LC", "C-BATXAT"), untilYear: 2026 };

  it("THEN it operates and its member counts in every period (started before all of them), but no founding is counted", () => {
    for (const id of ["2021-Q1", "2024", "2026-Q1", "2026"]) {
      expect(indicatorValue(indicator("A1.GROUPS_ACTIVE"), P(id), src, {}), id).toBe(1);
      expect(indicatorValue(indicator("A1.MEMBERS"), P(id), src, {}), id).toBe(1);
      expect(indicatorValue(indicator("A1.GROUPS_FOUNDED"), P(id), src, {}), id).toBe(0);
    }
    expect(indicatorValue(indicator("A1.FORMAL_FINANCE_PCT"), P("2026-Q1"), src, {})).toBe(100);
  });
});

// ---------------------------------------------------------------- the definitions, computed directly

/** The random groups all have a founding date. */
type DatedGroup = SavingsGroupFacts & { foundedOn: string };

function inScope(g: DatedGroup, p: Period) {
  if (g.state === "MERGED" || g.foundedOn > p.to) return false;
  // Nonsense the registry would refuse: dissolved before it was founded (never in scope here).
  if (g.statusSince && g.statusSince < g.foundedOn) return false;
  if (g.status === "dissolved" && (!g.statusSince || g.statusSince < p.from)) return false;
  return true;
}
function counted(m: MemberFacts, g: DatedGroup, p: Period) {
  if (!inScope(g, p)) return false;
  // A member leaves after she joined and after her group was founded (the registry's rule).
  const joined = [m.joinedOn ?? g.foundedOn, g.foundedOn].sort()[1] ?? g.foundedOn;
  if (joined > p.to || (m.leftOn && m.leftOn < p.from)) return false;
  // A member's days end with her group's (the registry counts a dissolved group's members only
  // while the group is in scope, which the line above already checks for the period).
  return !(
    g.status === "dissolved" &&
    g.statusSince &&
    g.statusSince < ([joined, g.foundedOn].sort()[1] ?? joined)
  );
}
const within = (d: string, p: Period) => d >= p.from && d <= p.to;

const dateArb = fc
  .record({
    y: fc.integer({ min: 2024, max: 2026 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const groupArb = fc.record({
  foundedOn: dateArb,
  dissolved: fc.option(dateArb, { nil: undefined }),
  gals: fc.option(dateArb, { nil: undefined }),
});
const memberArb = fc.record({
  group: fc.nat(),
  gender: fc.constantFrom("female", "male"),
  ethnicity: fc.constantFrom("Kinh", "Mông", "Dao", undefined),
  joinedOn: fc.option(dateArb, { nil: undefined }),
  leftOn: fc.option(dateArb, { nil: undefined }),
  introductions: fc.array(dateArb, { maxLength: 3 }),
  supports: fc.array(dateArb, { maxLength: 3 }),
});
const PERIODS = [
  "2024",
  "2024-H2",
  "2025-Q1",
  "2025-Q3",
  "2025-H1",
  "2025",
  "2026-Q1",
  "2026-Q2",
  "2026-Q4",
  "2026-H2",
  "2026",
];

describe("GIVEN random savings groups and members", () => {
  it("THEN every period's value read from the counters equals the definition computed from the facts", () => {
    fc.assert(
      fc.property(
        fc.array(groupArb, { minLength: 1, maxLength: 4 }),
        fc.array(memberArb, { maxLength: 12 }),
        (gs, ms) => {
          const groups: DatedGroup[] = gs.map((g) => ({
            ...where,
            foundedOn: g.foundedOn,
            status: g.dissolved ? "dissolved" : "active",
            ...(g.dissolved ? { statusSince: g.dissolved } : {}),
            ...(g.gals ? { galsSince: g.gals } : {}),
          }));
          const members = ms.map((m): [MemberFacts, DatedGroup] => {
            const g = groups[m.group % groups.length] as DatedGroup;
            // A member leaves after she joined and after her group was founded (the registry's rule).
            const joined = [m.joinedOn ?? g.foundedOn, g.foundedOn].sort()[1] ?? g.foundedOn;
            return [
              {
                gender: m.gender,
                ...(m.ethnicity ? { ethnicity: m.ethnicity } : {}),
                ...(m.joinedOn ? { joinedOn: m.joinedOn } : {}),
                // Left on or after joining (the registry refuses the other way round).
                ...(m.leftOn && m.leftOn >= joined ? { leftOn: m.leftOn } : {}),
                introductions: m.introductions.map((on) => ({ on })),
                supports: m.supports.map((on) => ({ on })),
              },
              g,
            ];
          });
          const store = apply([
            ...groups.flatMap((g) => savingsGroupDeltas(g)),
            ...members.flatMap(([m, g]) => memberDeltas(m, g)),
          ]);
          const src = { cells: cellsOf(store, "P-LC", "C-BATXAT"), untilYear: 2026 };
          for (const id of PERIODS) {
            const p = P(id);
            const c = members.filter(([m, g]) => counted(m, g, p));
            const introduced = c.filter(([m]) =>
              m.introductions.some((i) => within(i.on, p)),
            ).length;
            const minority = c.filter(([m]) => ethnicityClass(m.ethnicity) === "minority").length;
            const measure = (name: string, dims = {}) =>
              measureValue(src.cells, name, dims, p, 2026);
            expect(measure("sg_members"), id).toBe(c.length);
            expect(measure("sg_members", { ethnicity: "minority" }), id).toBe(minority);
            expect(measure("sg_members_introduced"), id).toBe(introduced);
            expect(measure("sg_active"), id).toBe(groups.filter((g) => inScope(g, p)).length);
            expect(measure("sg_gals"), id).toBe(
              groups.filter(
                (g) =>
                  inScope(g, p) &&
                  g.galsSince !== undefined &&
                  g.galsSince <= p.to &&
                  (!g.statusSince || g.statusSince >= g.galsSince),
              ).length,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
