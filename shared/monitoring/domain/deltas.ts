/**
 * What a fact changes in the counters: pure functions from a fact (before and after a change) to
 * signed deltas of measures at a place, on a date. The use case that writes the fact stages them
 * through the IndicatorLedger in the fact's own transaction, so a counter can never disagree with
 * the facts it counts. A correction is the delta of (after − before): the same function, twice.
 */
import type { Activity } from "../../kernel/types.ts";
import { type DimFilter, enteredMeasure, ethnicityClass, type MeasureCode } from "./measures.ts";
import { type Period, periodsOfDate } from "./periods.ts";

/** Where a fact happened: a commune, a province itself, or the nation (the centre) itself. */
export type Place =
  | { level: "commune"; communeId: string; provinceId: string }
  | { level: "province"; provinceId: string }
  | { level: "nation" };

export interface IndicatorDelta {
  measure: MeasureCode;
  place: Place;
  /** Local date of the fact (flows, span starts and ends): it counts in that date's periods. */
  date?: string;
  /** Distinct measures: the one period the delta belongs to. */
  period?: string;
  /** Span measures: a start (+) or an end (−) of an interval. */
  part?: "+" | "-";
  dims?: DimFilter;
  amount: number;
}

const negate = (ds: readonly IndicatorDelta[]): IndicatorDelta[] =>
  ds.map((d) => ({ ...d, amount: -d.amount }));

/** after − before, as deltas (either side may be absent: a new fact, a removed one). */
export function difference(
  before: readonly IndicatorDelta[],
  after: readonly IndicatorDelta[],
): IndicatorDelta[] {
  return [...negate(before), ...after];
}

// ---------------------------------------------------------------- proposals and money

/** What the counters need of a proposal (a structural subset of Proposal). */
export interface ProposalFacts {
  activity: Activity;
  communeId: string;
  provinceId: string;
  approvedAmount?: number;
  items: readonly { code: string }[];
}

const communeOf = (p: { communeId: string; provinceId: string }): Place => ({
  level: "commune",
  communeId: p.communeId,
  provinceId: p.provinceId,
});

/**
 * The norm check approved the proposal on `date` (local): one approval of its activity, its
 * approved amount, and for A3 one address founded (the founding package, Art. 37.3(c)) or
 * upgraded (Art. 37.3(b)).
 */
export function approvalDeltas(p: ProposalFacts, date: string): IndicatorDelta[] {
  const place = communeOf(p);
  const activity = { activity: p.activity };
  const out: IndicatorDelta[] = [
    { measure: "proposals_approved", place, date, dims: activity, amount: 1 },
    { measure: "amount_approved", place, date, dims: activity, amount: p.approvedAmount ?? 0 },
  ];
  if (p.activity === "A3") {
    const founded = p.items.some((i) => i.code === "A3.NEW_ADDRESS_EQUIPMENT");
    out.push({
      measure: "a3_addresses",
      place,
      date,
      dims: { origin: founded ? "founded" : "upgraded" },
      amount: 1,
    });
  }
  return out;
}

/** A payment (tranche) paid on `paidOn` (local date). A reversal is a negative amount. */
export function disbursementDeltas(
  p: ProposalFacts,
  pay: { amount: number; paidOn: string },
): IndicatorDelta[] {
  return [
    {
      measure: "amount_disbursed",
      place: communeOf(p),
      date: pay.paidOn,
      dims: { activity: p.activity },
      amount: pay.amount,
    },
  ];
}

/** The settled amount (quyết toán: what was really spent) on `settledOn` (local date). */
export function settlementDeltas(
  p: ProposalFacts,
  s: { amount: number; settledOn: string },
): IndicatorDelta[] {
  return [
    {
      measure: "amount_settled",
      place: communeOf(p),
      date: s.settledOn,
      dims: { activity: p.activity },
      amount: s.amount,
    },
  ];
}

// ---------------------------------------------------------------- programme events

export const EVENT_KINDS = ["training", "conference", "communication"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Attendance by gender and by Kinh / ethnic minority (the handbook's disaggregation). */
export interface Participants {
  femaleMinority: number;
  femaleKinh: number;
  maleMinority: number;
  maleKinh: number;
}

export interface EventFacts {
  place: Place;
  kind: EventKind;
  activity?: Activity;
  heldOn: string;
  participants: Participants;
}

export const participantsTotal = (p: Participants) =>
  p.femaleMinority + p.femaleKinh + p.maleMinority + p.maleKinh;

/** One event held, and its participants in each gender × ethnicity cell. */
export function eventDeltas(e: EventFacts | undefined): IndicatorDelta[] {
  if (!e) return [];
  const base = { place: e.place, date: e.heldOn };
  const cells: [number, string, string][] = [
    [e.participants.femaleMinority, "female", "minority"],
    [e.participants.femaleKinh, "female", "kinh"],
    [e.participants.maleMinority, "male", "minority"],
    [e.participants.maleKinh, "male", "kinh"],
  ];
  return [
    {
      ...base,
      measure: "events_held",
      dims: { eventKind: e.kind, ...(e.activity ? { activity: e.activity } : {}) },
      amount: 1,
    },
    ...cells
      .filter(([n]) => n !== 0)
      .map(
        ([n, gender, ethnicity]): IndicatorDelta => ({
          ...base,
          measure: "event_participants",
          dims: { eventKind: e.kind, gender, ethnicity },
          amount: n,
        }),
      ),
  ];
}

// ---------------------------------------------------------------- periodic reports

/**
 * Values a commune typed in its quarterly report count once the province approves the report
 * (and stop counting when it is reopened). They are dated on the quarter's first day, so they
 * add up into the half and the year; six-monthly and annual reports enter no values of their own.
 */
export function enteredDeltas(
  place: Place,
  quarter: Period,
  entered: Readonly<Record<string, number>>,
): IndicatorDelta[] {
  return Object.entries(entered)
    .filter(([, v]) => v !== 0)
    .map(([code, v]) => ({ measure: enteredMeasure(code), place, date: quarter.from, amount: v }));
}

// ---------------------------------------------------------------- registry (issue 12)

/**
 * What the counters need of a savings group (a structural subset of the registry's entry):
 * the A1 definitions of shared/registry/domain/indicators.ts, kept incrementally.
 */
export interface SavingsGroupFacts {
  communeId: string;
  provinceId: string;
  /** MERGED entries count nowhere (their members moved to the kept entry). */
  state: string;
  /**
   * Not recorded yet (an entry made by the migration): the group counts as founded before any
   * period of the programme (the registry's definition) and is never counted as founded.
   */
  foundedOn?: string;
  status: string;
  /** For a dissolved group: the dissolution date. */
  statusSince?: string;
  galsSince?: string;
}

export interface MemberFacts {
  gender: string;
  ethnicity?: string;
  joinedOn?: string;
  leftOn?: string;
  introductions: readonly { on: string }[];
  supports: readonly { on: string }[];
}

/** The first day the programme counts: its 2021-2025 phase (Decision 1719/QĐ-TTg) began then. */
export const PROGRAMME_START = "2021-01-01";

/** The later of two dates YYYY-MM-DD (they sort as text). */
const laterDate = (a: string, b: string): string => [a, b].sort()[1] ?? a;

/**
 * The days a group counts in scope: from its founding; until its dissolution. A dissolved group
 * without a date counts as dissolved before any period (as the registry's definition says); a
 * merged entry never counts.
 */
export function groupInterval(g: SavingsGroupFacts): { start: string; end?: string } | undefined {
  if (g.state === "MERGED") return undefined;
  const start = g.foundedOn ?? PROGRAMME_START;
  if (g.status === "dissolved") {
    if (!g.statusSince || g.statusSince < start) return undefined;
    return { start, end: g.statusSince };
  }
  return { start };
}

/** The days a member counts: joined (or the founding) to left (or the dissolution). */
export function memberInterval(
  m: MemberFacts,
  g: SavingsGroupFacts,
): { start: string; end?: string } | undefined {
  const group = groupInterval(g);
  if (!group) return undefined;
  const joined = m.joinedOn ?? group.start;
  const start = laterDate(joined, group.start);
  const ends = [m.leftOn, group.end].filter((d): d is string => d !== undefined).sort();
  const end = ends[0];
  if (end !== undefined && end < start) return undefined;
  return end === undefined ? { start } : { start, end };
}

const overlaps = (i: { start: string; end?: string }, p: Period) =>
  i.start <= p.to && (i.end === undefined || i.end >= p.from);

function spanDeltas(
  measure: MeasureCode,
  place: Place,
  i: { start: string; end?: string } | undefined,
  dims: DimFilter,
): IndicatorDelta[] {
  if (!i) return [];
  const out: IndicatorDelta[] = [{ measure, place, date: i.start, part: "+", dims, amount: 1 }];
  if (i.end !== undefined) out.push({ measure, place, date: i.end, part: "-", dims, amount: 1 });
  return out;
}

/** A savings group's own counters: founded, in operation, applying GALS. */
export function savingsGroupDeltas(g: SavingsGroupFacts | undefined): IndicatorDelta[] {
  if (!g) return [];
  const place = communeOf(g);
  const group = groupInterval(g);
  if (!group) return [];
  const out: IndicatorDelta[] = [
    ...(g.foundedOn
      ? [{ measure: "sg_founded" as const, place, date: g.foundedOn, amount: 1 }]
      : []),
    ...spanDeltas("sg_active", place, group, {}),
  ];
  if (g.galsSince) {
    const start = laterDate(g.galsSince, group.start);
    if (group.end === undefined || group.end >= start)
      out.push(
        ...spanDeltas("sg_gals", place, { start, ...(group.end ? { end: group.end } : {}) }, {}),
      );
  }
  return out;
}

/**
 * A member's counters: counted in the periods her interval overlaps (span), introduced to formal
 * finance / supported in livelihoods in each period holding one of her dated introductions /
 * supports while she is counted (distinct: once per period however many).
 */
export function memberDeltas(
  m: MemberFacts | undefined,
  g: SavingsGroupFacts | undefined,
): IndicatorDelta[] {
  if (!m || !g) return [];
  const interval = memberInterval(m, g);
  if (!interval) return [];
  const place = communeOf(g);
  const dims: DimFilter = { gender: m.gender, ethnicity: ethnicityClass(m.ethnicity) };
  const out = spanDeltas("sg_members", place, interval, dims);
  const distinct = (measure: MeasureCode, dates: readonly { on: string }[]) => {
    const periods = new Map<string, Period>();
    for (const d of dates)
      for (const p of periodsOfDate(d.on)) if (overlaps(interval, p)) periods.set(p.id, p);
    for (const p of periods.values()) out.push({ measure, place, period: p.id, dims, amount: 1 });
  };
  distinct("sg_members_introduced", m.introductions);
  distinct("sg_members_supported", m.supports);
  return out;
}

/**
 * A change of a group (dissolution, founding date, GALS, a merge) moves its members' intervals
 * too: the deltas of the group and of every member, before and after.
 */
export function groupChangeDeltas(
  before: SavingsGroupFacts | undefined,
  after: SavingsGroupFacts | undefined,
  members: readonly MemberFacts[],
): IndicatorDelta[] {
  return difference(
    [...savingsGroupDeltas(before), ...members.flatMap((m) => memberDeltas(m, before))],
    [...savingsGroupDeltas(after), ...members.flatMap((m) => memberDeltas(m, after))],
  );
}
