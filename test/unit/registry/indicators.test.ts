/**
 * The three A1 indicators computed from stored registry data: groups and members are written
 * through the use cases (as a commune officer would), read back by the indicators' use case, and
 * compared with percentages worked out by hand below. Definitions: docs/indicators.md.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import { ForbiddenError } from "../../../shared/kernel/errors.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { a1Indicators, percentOf } from "../../../shared/registry/domain/indicators.ts";
import type { CreateBeneficiary } from "../../../shared/registry/schemas.ts";
import { a1IndicatorsFor } from "../../../shared/registry/use-cases/indicators.ts";
import { addMember } from "../../../shared/registry/use-cases/members.ts";
import { mergeBeneficiaries } from "../../../shared/registry/use-cases/merge.ts";
import { registerBeneficiary } from "../../../shared/registry/use-cases/register.ts";
import { registryWorld } from "../../support/memory/registry.ts";

const commune: ScopedActor = {
  id: "commune.batxat",
  role: "commune_officer",
  unitId: "C-BATXAT",
  provinceId: "P-LC",
};
const province: ScopedActor = {
  id: "province.laocai",
  role: "province_officer",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const tx = (actor: ScopedActor): TransitionContext => ({
  actor,
  channel: "api",
  at: "2026-06-01T01:00:00Z",
});

type Fields = Parameters<typeof addMember>[5];
const member = (over: Partial<Fields> = {}): Fields => ({
  name: "Thành viên",
  gender: "female",
  introductions: [],
  supports: [],
  ...over,
});
const intro = (on: string) => ({ institution: "Ngân hàng Chính sách xã hội", on });
const support = (on: string) => ({ what: "giống lợn đen", on });

let w: ReturnType<typeof registryWorld>;

async function group(name: string, g: Record<string, string>, members: Fields[]) {
  const input = {
    kind: "SAVINGS_GROUP",
    communeId: "C-BATXAT",
    name,
    village: "Lếch Mông",
    ...g,
  } as CreateBeneficiary;
  const b = await registerBeneficiary(w, commune, tx(commune), input);
  for (const [i, m] of members.entries())
    await addMember(w, commune, tx(commune), b.id, undefined, { ...m, name: `${name} ${i + 1}` });
  return b;
}

/**
 * The fixture, period 01/01/2024 – 31/12/2024, worked out by hand:
 *
 * G1 founded 2023-03-01, GALS since 2024-02-01                       in scope, applies GALS
 *   m1 intro 2024-05-10                          counted  introduced
 *   m2 support 2024-06-15                        counted               supported
 *   m3 intro 2023-11-20 (before the period)      counted
 *   m4 left 2023-12-31 (before the period)       not counted
 *   m5 intro 2024-02-01, support 2024-03-01      counted  introduced   supported
 * G2 founded 2024-07-01                                              in scope
 *   m1 joined 2024-07-01                         counted
 *   m2 joined 2025-01-05 (after the period)      not counted
 *   m3 support 2025-02-01 (after the period)     counted
 * G3 founded 2022-01-10, GALS 2022-10-01, dissolved 2023-06-30       out (dissolved before)
 *   m1 intro 2024-01-15                          not counted (group out)
 * G4 founded 2025-03-01, GALS 2025-03-01                             out (founded after)
 *   m1 intro 2024-12-01                          not counted (group out)
 * G5 founded 2021-05-01, GALS 2021-12-01, dissolved 2024-09-01       in scope, applies GALS
 *   m1 intro 2024-08-20                          counted  introduced
 * G6 "G1 bis", a duplicate of G1 merged into it (its member copied)  out (merged)
 *   m1 (the same person as G1's m1: combined, not counted twice)
 * A livelihood group (HTX) in the same commune                       not a savings group
 *
 * Groups in scope: G1, G2, G5 = 3. Members counted: 4 + 2 + 1 = 7.
 * Introduced: G1 m1, G1 m5, G5 m1 = 3 → 3/7 = 0.428571… = 42.9 %.
 * Supported:  G1 m2, G1 m5 = 2       → 2/7 = 0.285714… = 28.6 %.
 * Applying GALS: G1, G5 = 2 (G3 and G4 are out of scope).
 */
beforeEach(async () => {
  w = registryWorld();
  const g1 = await group("G1", { foundedOn: "2023-03-01", galsSince: "2024-02-01" }, [
    member({ introductions: [intro("2024-05-10")], birthYear: 1980 }),
    member({ supports: [support("2024-06-15")] }),
    member({ introductions: [intro("2023-11-20")] }),
    member({ leftOn: "2023-12-31", joinedOn: "2023-03-01" }),
    member({ introductions: [intro("2024-02-01")], supports: [support("2024-03-01")] }),
  ]);
  await group("G2", { foundedOn: "2024-07-01" }, [
    member({ joinedOn: "2024-07-01" }),
    member({ joinedOn: "2025-01-05" }),
    member({ supports: [support("2025-02-01")] }),
  ]);
  await group(
    "G3",
    {
      foundedOn: "2022-01-10",
      galsSince: "2022-10-01",
      status: "dissolved",
      statusSince: "2023-06-30",
    },
    [member({ introductions: [intro("2024-01-15")] })],
  );
  await group("G4", { foundedOn: "2025-03-01", galsSince: "2025-03-01" }, [
    member({ introductions: [intro("2024-12-01")] }),
  ]);
  await group(
    "G5",
    {
      foundedOn: "2021-05-01",
      galsSince: "2021-12-01",
      status: "dissolved",
      statusSince: "2024-09-01",
    },
    [member({ introductions: [intro("2024-08-20")] })],
  );
  const dup = await registerBeneficiary(w, commune, tx(commune), {
    kind: "SAVINGS_GROUP",
    communeId: "C-BATXAT",
    name: "G1 bis",
    village: "Lếch Mông",
    foundedOn: "2023-03-01",
  } as CreateBeneficiary);
  await addMember(
    w,
    commune,
    tx(commune),
    dup.id,
    undefined,
    member({ name: "G1 1", birthYear: 1980, introductions: [intro("2024-05-10")] }),
  );
  await mergeBeneficiaries(w, province, tx(province), {
    keepId: g1.id,
    mergeId: dup.id,
    reason: "trùng",
  });
  await registerBeneficiary(w, commune, tx(commune), {
    kind: "COOPERATIVE",
    communeId: "C-BATXAT",
    name: "HTX Chè",
    leadership: "women_led",
    memberCounts: [{ gender: "female", ethnicity: "Mông", count: 30 }],
    products: [],
  } as CreateBeneficiary);
});

describe("GIVEN the stored savings groups and members of a commune", () => {
  it("WHEN the A1 indicators of 2024 are computed THEN they are the hand-worked figures", async () => {
    const r = await a1IndicatorsFor(w, province, {
      communeId: "C-BATXAT",
      from: "2024-01-01",
      to: "2024-12-31",
    });
    expect(r.groupsInScope).toBe(3);
    expect(r.membersCounted).toBe(7);
    expect(r.introducedToFormalFinance).toEqual({
      numerator: 3,
      denominator: 7,
      percent: 42.9,
      targetPercent: 15,
    });
    expect(r.supportedInLivelihoods).toEqual({
      numerator: 2,
      denominator: 7,
      percent: 28.6,
      targetPercent: 15,
    });
    expect(r.groupsApplyingGals).toEqual({ count: 2, target: 1800 });
  });

  it("WHEN the province asks for its whole province THEN the same (one commune has groups)", async () => {
    const r = await a1IndicatorsFor(w, province, { from: "2024-01-01", to: "2024-12-31" });
    expect(r.scope).toEqual({ provinceId: "P-LC" });
    expect(r.introducedToFormalFinance.percent).toBe(42.9);
  });

  it("WHEN the period is 2025 THEN G4 and G2's late joiner count, G5 is out (dissolved before)", async () => {
    // G1: m1 m2 m3 m5 (m4 left) = 4; G2: all 3; G4: 1 → 8. Introduced in 2025: none → 0.0 %.
    // Supported in 2025: G2 m3 → 1/8 = 12.5 %. GALS: G1, G4 = 2.
    const r = await a1IndicatorsFor(w, province, {
      communeId: "C-BATXAT",
      from: "2025-01-01",
      to: "2025-12-31",
    });
    expect(r.membersCounted).toBe(8);
    expect(r.introducedToFormalFinance.percent).toBe(0);
    expect(r.supportedInLivelihoods).toMatchObject({ numerator: 1, denominator: 8, percent: 12.5 });
    expect(r.groupsApplyingGals.count).toBe(2);
  });

  it("WHEN another commune's officer asks THEN 403", async () => {
    const other = { ...commune, unitId: "C-MUONGHUM" };
    await expect(
      a1IndicatorsFor(w, other, { communeId: "C-BATXAT", from: "2024-01-01", to: "2024-12-31" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("GIVEN the percentage rounding", () => {
  it("rounds half up to one decimal, in integer arithmetic, and has no percentage of nobody", () => {
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 16)).toBe(6.3); // 6.25 → 6.3
    expect(percentOf(0, 0)).toBeNull();
    expect(
      a1Indicators([], [], { from: "2024-01-01", to: "2024-12-31" }).introducedToFormalFinance
        .percent,
    ).toBeNull();
  });
});
