import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ValidationError } from "../../kernel/errors.ts";
import { slotsNeeded } from "../domain/cells.ts";
import { buildDashboard, cellsByPlace, type Dashboard } from "../domain/dashboard.ts";
import { catalogue, type IndicatorDefinition } from "../domain/indicators.ts";
import { localDate, type Period, parsePeriod } from "../domain/periods.ts";
import type { AggregateReader, CellRow, IndicatorStore, NowRow, TargetStore } from "../ports.ts";
import {
  childrenOf,
  infoOf,
  type PlaceDirectory,
  type ResolvedPlace,
  resolvePlace,
} from "./places.ts";

export interface DashboardPorts {
  directory: PlaceDirectory;
  aggregates: AggregateReader;
  targets: Pick<TargetStore, "find" | "ofChildren">;
  indicators: Pick<IndicatorStore, "list">;
}

export function periodOf(id: string | undefined, now: string): Period {
  const p = parsePeriod(id ?? localDate(now).slice(0, 4));
  if (!p) {
    throw new ValidationError(`period ${id} is not a period of the programme`, [
      {
        field: "period",
        message: "a year (2026), a half (2026-H1) or a quarter (2026-Q2), 2021-2035",
      },
    ]);
  }
  return p;
}

/** The indicators in force: the shipped catalogue with the central level's stored versions. */
export async function indicatorsInForce(
  ports: Pick<DashboardPorts, "indicators">,
): Promise<IndicatorDefinition[]> {
  return catalogue(await ports.indicators.list());
}

/**
 * Reads what a place's figures need and builds them:
 * 1. the slots of the period (and the quarters of its year, for the trend), through this year;
 * 2. a commune: its own cells by key; any other place: one Query per slot of its partition (its
 *    children's cells, and a province's or the nation's own), and the partition's running totals;
 * 3. the targets of the place and of its children (one item, one Query).
 * O(children × slots) items; nothing scans.
 */
export async function loadDashboard(
  ports: DashboardPorts,
  place: ResolvedPlace,
  period: Period,
  now: string,
  indicators?: readonly IndicatorDefinition[],
): Promise<Dashboard> {
  const untilYear = Math.max(period.year, Number(localDate(now).slice(0, 4)));
  const wanted = [...slotsNeeded(period, untilYear)];
  for (const q of ["Q1", "Q2", "Q3", "Q4"])
    if (!wanted.some((w) => w.year === period.year && w.slot === q))
      wanted.push({ year: period.year, slot: q });
  const commune = place.unit.kind === "commune";
  const [rows, nowRows, children, own, childTargets, defs] = await Promise.all([
    commune
      ? ports.aggregates.cells(place.partition, place.unit.id, wanted)
      : Promise.all(
          [...new Set(wanted.map((w) => w.year))].map((y) =>
            ports.aggregates.children(
              place.partition,
              y,
              wanted.filter((w) => w.year === y).map((w) => w.slot),
            ),
          ),
        ).then((r): CellRow[] => r.flat()),
    commune
      ? ports.aggregates.now(place.partition, place.unit.id).then((n): NowRow[] => (n ? [n] : []))
      : ports.aggregates.childrenNow(place.partition),
    childrenOf(ports.directory, place),
    place.unit.kind === "review_unit"
      ? Promise.resolve(undefined)
      : ports.targets.find(place.parentId, period.year, place.unit.id),
    commune ? Promise.resolve([]) : ports.targets.ofChildren(place.partition, period.year),
    indicators ? Promise.resolve([...indicators]) : indicatorsInForce(ports),
  ]);
  return buildDashboard({
    place: place.info,
    period,
    untilYear,
    indicators: defs,
    cells: cellsByPlace(rows, nowRows),
    children: children.map(infoOf),
    targets: own?.targets ?? {},
    childTargets: new Map(childTargets.map((t) => [t.placeId, t.targets])),
  });
}

/**
 * A dashboard of a place the actor may read (monitoring.read in the place's scope: a commune its
 * own, a reviewing unit its communes, a province its own, the centre every place).
 */
export async function readDashboard(
  ports: DashboardPorts,
  actor: ScopedActor,
  q: { placeId?: string; period?: string },
  now: string,
): Promise<Dashboard> {
  const placeId = q.placeId ?? actor.unitId;
  const place = await resolvePlace(ports.directory, placeId);
  authorize(actor, "monitoring.read", place.scope);
  return loadDashboard(ports, place, periodOf(q.period, now), now);
}
