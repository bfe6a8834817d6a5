/**
 * What a change of a registry entry does to the A1 counters: the registry's savings groups and
 * members (issue 12) become the facts the counters count (shared/monitoring/domain/deltas.ts).
 * Pure: the registry's write path computes these from the entry before and after a change and
 * the members it writes, and stages them in the change's own transaction.
 *
 * Structural inputs (the registry's Beneficiary and Member fit), so monitoring does not depend on
 * the registry's module.
 */
import {
  difference,
  type IndicatorDelta,
  type MemberFacts,
  memberDeltas,
  type SavingsGroupFacts,
  savingsGroupDeltas,
} from "./deltas.ts";

export interface RegistryEntryLike {
  kind: string;
  state: string;
  communeId: string;
  provinceId: string;
  details: object;
}

export interface RegistryMemberLike {
  id: string;
  version: number;
  gender: string;
  ethnicity?: string;
  joinedOn?: string;
  leftOn?: string;
  introductions: readonly { on: string }[];
  supports: readonly { on: string }[];
}

const text = (o: object, key: string): string | undefined => {
  const v = (o as Record<string, unknown>)[key];
  return typeof v === "string" && v !== "" ? v : undefined;
};

/** A savings group's facts; undefined for any other kind of entry (it counts in no A1 measure). */
export function groupFactsOf(
  b: RegistryEntryLike | null | undefined,
): SavingsGroupFacts | undefined {
  if (b?.kind !== "SAVINGS_GROUP") return undefined;
  const foundedOn = text(b.details, "foundedOn");
  const statusSince = text(b.details, "statusSince");
  const galsSince = text(b.details, "galsSince");
  return {
    communeId: b.communeId,
    provinceId: b.provinceId,
    state: b.state,
    status: text(b.details, "status") ?? "active",
    ...(foundedOn ? { foundedOn } : {}),
    ...(statusSince ? { statusSince } : {}),
    ...(galsSince ? { galsSince } : {}),
  };
}

export function memberFactsOf(m: RegistryMemberLike): MemberFacts {
  return {
    gender: m.gender,
    ...(m.ethnicity ? { ethnicity: m.ethnicity } : {}),
    ...(m.joinedOn ? { joinedOn: m.joinedOn } : {}),
    ...(m.leftOn ? { leftOn: m.leftOn } : {}),
    introductions: m.introductions.map((x) => ({ on: x.on })),
    supports: m.supports.map((x) => ({ on: x.on })),
  };
}

const sameFacts = (a: SavingsGroupFacts | undefined, b: SavingsGroupFacts | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a change's deltas need the group's members as stored before it: when the group's own
 * facts change (every member's interval may move), or when a written member existed before (a
 * new member, version 1, has no earlier version).
 */
export function membersNeeded(
  before: RegistryEntryLike | null,
  after: RegistryEntryLike,
  written: readonly RegistryMemberLike[],
): boolean {
  const gb = groupFactsOf(before);
  if (!before || (!gb && !groupFactsOf(after))) return false;
  return !sameFacts(gb, groupFactsOf(after)) || written.some((m) => m.version > 1);
}

/**
 * after − before of the A1 counters for one change of an entry: the group's own counters and
 * those of its members (all of them when the group's facts changed, else only those written).
 * `membersBefore` holds the members as stored before the change (what membersNeeded asks for).
 */
export function registryChangeDeltas(
  before: RegistryEntryLike | null,
  after: RegistryEntryLike,
  written: readonly RegistryMemberLike[],
  membersBefore: readonly RegistryMemberLike[] = [],
): IndicatorDelta[] {
  const gb = groupFactsOf(before);
  const ga = groupFactsOf(after);
  if (!gb && !ga) return [];
  const old = new Map(membersBefore.map((m) => [m.id, m]));
  const next = new Map(old);
  for (const m of written) next.set(m.id, m);
  const groupMoved = !sameFacts(gb, ga);
  const ids = groupMoved ? [...next.keys()] : written.map((m) => m.id);
  const side = (g: SavingsGroupFacts | undefined, ms: Map<string, RegistryMemberLike>) =>
    ids.flatMap((id) => {
      const m = ms.get(id);
      return m ? memberDeltas(memberFactsOf(m), g) : [];
    });
  const beforeDeltas = [...(groupMoved ? savingsGroupDeltas(gb) : []), ...side(gb, old)];
  const afterDeltas = [...(groupMoved ? savingsGroupDeltas(ga) : []), ...side(ga, next)];
  return cancel(difference(beforeDeltas, afterDeltas));
}

/** JSON with every object's keys sorted: one text per value. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}

/** Drops deltas that cancel out (the same counter −n and +n): fewer and smaller writes. */
function cancel(deltas: IndicatorDelta[]): IndicatorDelta[] {
  const sums = new Map<string, IndicatorDelta>();
  for (const d of deltas) {
    const { amount, ...key } = d;
    const k = canonical(key);
    const prev = sums.get(k);
    sums.set(k, prev ? { ...prev, amount: prev.amount + amount } : d);
  }
  return [...sums.values()].filter((d) => d.amount !== 0);
}
