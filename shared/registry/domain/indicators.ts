/**
 * The three A1 pilot indicators of the handbook (Hoạt động 1), computed from registry facts.
 * Definitions (docs/indicators.md is the written version; keep both in step):
 *
 * Period: local dates [from, to], both inclusive.
 * Groups in scope: savings groups (Tổ TKVVTB) of the scope that are not merged away, founded on
 *   or before `to` (a group whose founding date is not recorded yet counts as founded before),
 *   and not dissolved before `from` (a dissolved group without a dissolution date counts as
 *   dissolved before the period).
 * Members counted (the denominator of 1 and 2): members of a group in scope who were members at
 *   some time in the period: joined on or before `to` (no joining date: the group's founding
 *   date) and not left before `from`; a member's days end with her group's, so one who joined
 *   after the group's dissolution never counts. Each person once per group.
 * 1. Introduced to formal finance: counted members with at least one introduction to a formal
 *    financial institution dated within the period. Target 15 %.
 * 2. Supported to develop livelihoods: counted members with at least one livelihood support dated
 *    within the period. Target 15 %.
 * 3. Groups applying GALS: groups in scope applying the gender action learning system since a
 *    date on or before `to`. Target 1,800 groups (national).
 * Shares are given as numerator, denominator and a percentage to one decimal, rounded half up
 * (no percentage when nobody is counted).
 */
import type { Beneficiary, Member, SavingsGroupDetails } from "./beneficiary.ts";

export interface IndicatorPeriod {
  from: string;
  to: string;
}

export interface Share {
  numerator: number;
  denominator: number;
  /** One decimal, rounded half up; null when the denominator is 0. */
  percent: number | null;
  targetPercent: number;
}

export interface A1Indicators {
  period: IndicatorPeriod;
  groupsInScope: number;
  membersCounted: number;
  introducedToFormalFinance: Share;
  supportedInLivelihoods: Share;
  groupsApplyingGals: { count: number; target: number };
}

export const A1_TARGETS = { introducedPercent: 15, supportedPercent: 15, galsGroups: 1800 };

/** n/d as a percentage to one decimal, rounded half up, in integer arithmetic. */
export function percentOf(n: number, d: number): number | null {
  if (d === 0) return null;
  return Math.floor((2000 * n + d) / (2 * d)) / 10;
}

const within = (date: string, p: IndicatorPeriod) => date >= p.from && date <= p.to;

/** A savings group counts in the period (see the definitions above). */
export function groupInScope(g: Beneficiary, p: IndicatorPeriod): boolean {
  if (g.kind !== "SAVINGS_GROUP" || g.state === "MERGED") return false;
  const d = g.details;
  // A group whose founding date is not recorded yet (migrated) counts as founded before.
  if (d.foundedOn && d.foundedOn > p.to) return false;
  if (d.status === "dissolved" && (!d.statusSince || d.statusSince < p.from)) return false;
  return true;
}

/** A member counts in the period (see the definitions above). */
export function memberCounted(
  m: Member,
  group: Pick<SavingsGroupDetails, "foundedOn" | "status" | "statusSince">,
  p: IndicatorPeriod,
): boolean {
  const joined = m.joinedOn ?? group.foundedOn;
  if (joined && joined > p.to) return false;
  if (m.leftOn && m.leftOn < p.from) return false;
  // Her days end with the group's: joining a group already dissolved counts nowhere.
  if (group.status === "dissolved" && group.statusSince && joined && joined > group.statusSince)
    return false;
  return true;
}

export function a1Indicators(
  groups: readonly Beneficiary[],
  members: readonly Member[],
  period: IndicatorPeriod,
): A1Indicators {
  const inScope = new Map<string, Beneficiary>();
  for (const g of groups) if (groupInScope(g, period)) inScope.set(g.id, g);
  let counted = 0;
  let introduced = 0;
  let supported = 0;
  const seen = new Set<string>();
  for (const m of members) {
    const g = inScope.get(m.groupId);
    if (g?.kind !== "SAVINGS_GROUP") continue;
    const key = `${m.groupId}#${m.id}`;
    if (seen.has(key) || !memberCounted(m, g.details, period)) continue;
    seen.add(key);
    counted++;
    if (m.introductions.some((i) => within(i.on, period))) introduced++;
    if (m.supports.some((s) => within(s.on, period))) supported++;
  }
  let gals = 0;
  for (const g of inScope.values()) {
    if (g.kind === "SAVINGS_GROUP" && g.details.galsSince && g.details.galsSince <= period.to)
      gals++;
  }
  return {
    period,
    groupsInScope: inScope.size,
    membersCounted: counted,
    introducedToFormalFinance: {
      numerator: introduced,
      denominator: counted,
      percent: percentOf(introduced, counted),
      targetPercent: A1_TARGETS.introducedPercent,
    },
    supportedInLivelihoods: {
      numerator: supported,
      denominator: counted,
      percent: percentOf(supported, counted),
      targetPercent: A1_TARGETS.supportedPercent,
    },
    groupsApplyingGals: { count: gals, target: A1_TARGETS.galsGroups },
  };
}
