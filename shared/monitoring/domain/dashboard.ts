/**
 * A dashboard of one place for one period: every indicator's value against its target, the same
 * for each child place (drill-down nation → province → commune), and the place's quarters of the
 * year. Pure: the use case reads the cells and targets (O(children × slots) items) and hands them
 * here.
 */
import { type PlaceCells, slotId, sumCells } from "./cells.ts";
import {
  type IndicatorDefinition,
  type IndicatorUnit,
  indicatorValue,
  progressOf,
  type Text,
  type ValueSource,
} from "./indicators.ts";
import { DIMENSION_VALUES, type Dimension } from "./measures.ts";
import { type Period, quarterPeriod } from "./periods.ts";

export type PlaceLevel = "nation" | "province" | "review_unit" | "commune";

export interface PlaceInfo {
  id: string;
  level: PlaceLevel;
  name: Text;
  provinceId: string;
}

export interface Figure {
  value: number | null;
  target?: number;
  /** Whole percent of the target reached (none without a target). */
  progress: number | null;
}

export interface IndicatorFigure extends Figure {
  code: string;
  name: Text;
  unit: IndicatorUnit;
  headline: boolean;
  /** Disaggregations: dimension → value → figure. */
  breakdown: { dimension: Dimension; values: { value: string; figure: number | null }[] }[];
  /** The place's quarters of the year (a small trend chart). */
  quarters: { period: string; value: number | null }[];
}

export interface ChildFigures {
  place: PlaceInfo;
  figures: Record<string, Figure>;
}

export interface Dashboard {
  place: PlaceInfo;
  period: Period;
  indicators: IndicatorFigure[];
  children: ChildFigures[];
}

/** Cells of the rows a query returned, grouped by place. */
export function cellsByPlace(
  rows: readonly {
    placeId: string;
    year: number;
    slot: string;
    counters: Record<string, number>;
  }[],
  now: readonly { placeId: string; counters: Record<string, number> }[],
): Map<string, PlaceCells> {
  const out = new Map<
    string,
    { slots: Map<string, Record<string, number>>; now?: Record<string, number> }
  >();
  const of = (id: string) => {
    let c = out.get(id);
    if (!c) {
      c = { slots: new Map() };
      out.set(id, c);
    }
    return c;
  };
  for (const r of rows) of(r.placeId).slots.set(slotId(r.year, r.slot), r.counters);
  for (const n of now) of(n.placeId).now = n.counters;
  return out;
}

const EMPTY: PlaceCells = { slots: new Map() };

function figure(
  ind: IndicatorDefinition,
  p: Period,
  src: ValueSource,
  target: number | undefined,
): Figure {
  const value = indicatorValue(ind, p, src);
  return {
    value,
    ...(target !== undefined ? { target } : {}),
    progress: progressOf(value, target),
  };
}

export interface DashboardInput {
  place: PlaceInfo;
  period: Period;
  untilYear: number;
  indicators: readonly IndicatorDefinition[];
  /** The place's own cells (a commune), or every row of its partition (nation, province, unit). */
  cells: ReadonlyMap<string, PlaceCells>;
  children: readonly PlaceInfo[];
  /** The place's targets of the year, and each child's. */
  targets: Readonly<Record<string, number>>;
  childTargets: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

/**
 * The place's value is the sum of every cell of its partition (its children's, and its own facts
 * for a province or the nation), or for a reviewing unit the sum of its communes', or for a
 * commune its own cells.
 */
export function buildDashboard(input: DashboardInput): Dashboard {
  const { place, period, untilYear } = input;
  const own =
    place.level === "commune"
      ? (input.cells.get(place.id) ?? EMPTY)
      : place.level === "review_unit"
        ? sumCells(input.children.map((c) => input.cells.get(c.id) ?? EMPTY))
        : sumCells([...input.cells.values()]);
  const src: ValueSource = { cells: own, untilYear };
  const indicators: IndicatorFigure[] = input.indicators.map((ind) => ({
    code: ind.code,
    name: ind.name,
    unit: ind.unit,
    headline: ind.headline === true,
    ...figure(ind, period, src, input.targets[ind.code]),
    breakdown: ind.disaggregations.map((dimension) => ({
      dimension,
      values: DIMENSION_VALUES[dimension].map((value) => ({
        value,
        figure: indicatorValue(ind, period, src, { [dimension]: value }),
      })),
    })),
    quarters: [1, 2, 3, 4].map((q) => {
      const qp = quarterPeriod(period.year, q);
      return { period: qp.id, value: indicatorValue(ind, qp, src) };
    }),
  }));
  const children = input.children.map((c) => {
    const csrc: ValueSource = { cells: input.cells.get(c.id) ?? EMPTY, untilYear };
    const t = input.childTargets.get(c.id) ?? {};
    return {
      place: c,
      figures: Object.fromEntries(
        input.indicators.map((ind) => [ind.code, figure(ind, period, csrc, t[ind.code])]),
      ),
    };
  });
  return { place, period, indicators, children };
}
