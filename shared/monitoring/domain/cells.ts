/**
 * The aggregate store's layout, as pure functions: which counter cells a delta adds to, and how a
 * period's value is read back from cells.
 *
 * A cell holds every counter of one place in one period slot of a year (Q1-Q4, H1, H2, Y) as
 * numeric attributes (measures.ts: counterName). A fact at a commune adds to two cells per slot:
 * the commune's, and its province's total (both in the same transaction). The nation keeps no
 * total: its value is the sum of the province totals (plus the centre's own facts), which the
 * national dashboard reads anyway to show the provinces — so no single item takes every write in
 * the country. Span measures also keep a running total per place ("now").
 */
import { NATION_ID } from "../../kernel/types.ts";
import type { IndicatorDelta, Place } from "./deltas.ts";
import { counterName, type DimFilter, measureDef, subsetsOf } from "./measures.ts";
import { FIRST_YEAR, laterQuarters, type Period, parsePeriod, periodsOfDate } from "./periods.ts";

/** Where a cell lives: its parent's partition of a year, or the parent's "now" partition. */
export type CellKey =
  | { kind: "cell"; parentId: string; year: number; slot: string; placeId: string }
  | { kind: "now"; parentId: string; placeId: string };

export interface CellIncrement {
  key: CellKey;
  /** counter name → amount to ADD (never zero). */
  adds: Record<string, number>;
}

/** The cells a fact at a place adds to: the place's own, and (communes, provinces) the province total. */
export function placements(place: Place): { parentId: string; placeId: string }[] {
  switch (place.level) {
    case "commune":
      return [
        { parentId: place.provinceId, placeId: place.communeId },
        { parentId: NATION_ID, placeId: place.provinceId },
      ];
    case "province":
      return [
        { parentId: place.provinceId, placeId: place.provinceId },
        { parentId: NATION_ID, placeId: place.provinceId },
      ];
    case "nation":
      return [{ parentId: NATION_ID, placeId: NATION_ID }];
  }
}

export const cellKeyString = (k: CellKey): string =>
  k.kind === "cell"
    ? `${k.parentId}|${k.year}|${k.slot}|${k.placeId}`
    : `${k.parentId}|now|${k.placeId}`;

/**
 * The increments of a set of deltas, merged per cell (a transaction may touch an item once) and
 * with zero sums dropped. Deltas of unknown measures or outside the programme's years are
 * dropped too: they have nowhere to count.
 */
const startsBefore = (date: string | undefined): boolean =>
  date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && date < `${FIRST_YEAR}-01-01`;

export function cellIncrements(deltas: readonly IndicatorDelta[]): CellIncrement[] {
  const cells = new Map<string, CellIncrement>();
  const add = (key: CellKey, name: string, amount: number) => {
    const id = cellKeyString(key);
    let c = cells.get(id);
    if (!c) {
      c = { key, adds: {} };
      cells.set(id, c);
    }
    c.adds[name] = (c.adds[name] ?? 0) + amount;
  };
  for (const d of deltas) {
    const def = measureDef(d.measure);
    if (!def || d.amount === 0) continue;
    const part = def.kind === "span" ? (d.part ?? "+") : "";
    const periods: Period[] =
      def.kind === "distinct"
        ? [d.period ? parsePeriod(d.period) : undefined].filter((p): p is Period => !!p)
        : d.date
          ? periodsOfDate(d.date)
          : [];
    // A span that started before the programme's first year (a savings group founded in 2019)
    // has no period cell of its own but counts as started before every period: "now" only.
    const before = def.kind === "span" && periods.length === 0 && startsBefore(d.date);
    if (periods.length === 0 && !before) continue;
    const names = subsetsOf(d.dims ?? {}).map((f) => counterName(d.measure, f, part));
    for (const at of placements(d.place)) {
      for (const p of periods)
        for (const n of names)
          add(
            {
              kind: "cell",
              parentId: at.parentId,
              year: p.year,
              slot: p.slot,
              placeId: at.placeId,
            },
            n,
            d.amount,
          );
      if (def.kind === "span")
        for (const n of names)
          add({ kind: "now", parentId: at.parentId, placeId: at.placeId }, n, d.amount);
    }
  }
  const out: CellIncrement[] = [];
  for (const c of cells.values()) {
    for (const [n, v] of Object.entries(c.adds)) if (v === 0) delete c.adds[n];
    if (Object.keys(c.adds).length > 0) out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------- reading values back

export type Counters = Readonly<Record<string, number>>;

/** The cells of one place a period's values need: slots by `<year>:<slot>`, and "now". */
export interface PlaceCells {
  slots: ReadonlyMap<string, Counters>;
  now?: Counters;
}

export const slotId = (year: number, slot: string) => `${year}:${slot}`;

/**
 * Which slots a period's values need, through `untilYear` (the current year): the period's own
 * slot; for span measures the quarters from the period's first to the year's end, and the Y slot
 * of every later year (to take what came after the period off the running total).
 */
export function slotsNeeded(p: Period, untilYear: number): { year: number; slot: string }[] {
  const out = [{ year: p.year, slot: p.slot }];
  const first = p.quarters[0] ?? 1;
  for (let q = first; q <= 4; q++)
    if (`Q${q}` !== p.slot) out.push({ year: p.year, slot: `Q${q}` });
  for (let y = p.year + 1; y <= untilYear; y++) out.push({ year: y, slot: "Y" });
  return out;
}

const at = (c: Counters | undefined, name: string) => c?.[name] ?? 0;

/**
 * A measure's value for a period from a place's cells: a flow's or distinct's value is its slot's
 * counter; a span's is (intervals started by the period's end) − (intervals ended before its
 * start), both read off the running total by subtracting what is dated later.
 */
export function measureValue(
  cells: PlaceCells,
  measure: string,
  dims: DimFilter,
  p: Period,
  untilYear: number,
): number {
  const def = measureDef(measure);
  if (!def) return 0;
  if (def.kind !== "span")
    return at(cells.slots.get(slotId(p.year, p.slot)), counterName(measure, dims));
  const plus = counterName(measure, dims, "+");
  const minus = counterName(measure, dims, "-");
  let startedLater = 0;
  let endedFromStart = 0;
  for (const q of laterQuarters(p))
    startedLater += at(cells.slots.get(slotId(p.year, `Q${q}`)), plus);
  for (const q of [1, 2, 3, 4].filter((q) => q >= (p.quarters[0] ?? 1)))
    endedFromStart += at(cells.slots.get(slotId(p.year, `Q${q}`)), minus);
  for (let y = p.year + 1; y <= untilYear; y++) {
    startedLater += at(cells.slots.get(slotId(y, "Y")), plus);
    endedFromStart += at(cells.slots.get(slotId(y, "Y")), minus);
  }
  const started = at(cells.now, plus) - startedLater;
  const endedBefore = at(cells.now, minus) - endedFromStart;
  return started - endedBefore;
}

/** Sums counters cell by cell (the province's value is the sum of its cells' ...). */
export function sumCells(all: readonly PlaceCells[]): PlaceCells {
  const slots = new Map<string, Record<string, number>>();
  const now: Record<string, number> = {};
  for (const c of all) {
    for (const [id, counters] of c.slots) {
      const s = slots.get(id) ?? {};
      for (const [n, v] of Object.entries(counters)) s[n] = (s[n] ?? 0) + v;
      slots.set(id, s);
    }
    for (const [n, v] of Object.entries(c.now ?? {})) now[n] = (now[n] ?? 0) + v;
  }
  return { slots, now };
}
