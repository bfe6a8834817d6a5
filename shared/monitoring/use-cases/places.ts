/**
 * The hierarchy as the monitoring capability reads it from the directory: nation → province →
 * commune, with the reviewing units beside (a reviewing unit's place is the sum of the communes
 * it reviews). Each place knows the access scope of its figures, the partition its counters
 * live in, and its children.
 */
import type { ResourceScope } from "../../access/policy.ts";
import type { Directory, Unit } from "../../directory/ports.ts";
import { NotFoundError, ValidationError } from "../../kernel/errors.ts";
import { NATION_ID } from "../../kernel/types.ts";
import type { PlaceInfo } from "../domain/dashboard.ts";
import type { Place } from "../domain/deltas.ts";

export type PlaceDirectory = Pick<Directory, "findUnit" | "listUnits" | "provinces">;

export interface ResolvedPlace {
  info: PlaceInfo;
  unit: Unit;
  scope: ResourceScope;
  /** The partition holding the place's children's cells (a commune's: its province's). */
  partition: string;
  /** Where its own targets and report are filed: the nation's and provinces' under the nation. */
  parentId: string;
  /** Communes only: the unit that reviews it. */
  reviewUnitId?: string;
}

export const infoOf = (u: Unit): PlaceInfo => ({
  id: u.id,
  level: u.kind,
  name: { vi: u.nameVi, en: u.nameEn },
  provinceId: u.provinceId,
});

export function scopeOf(u: Unit): ResourceScope {
  switch (u.kind) {
    case "nation":
      return { communeId: "", reviewUnitId: "", provinceId: NATION_ID };
    case "province":
      return { communeId: "", reviewUnitId: "", provinceId: u.id };
    case "review_unit":
      return { communeId: "", reviewUnitId: u.id, provinceId: u.provinceId };
    case "commune":
      return { communeId: u.id, reviewUnitId: u.reviewUnitId ?? "", provinceId: u.provinceId };
  }
}

/** Where a fact of the unit counts (a reviewing unit holds no facts of its own). */
export function factPlace(u: Unit): Place {
  switch (u.kind) {
    case "commune":
      return { level: "commune", communeId: u.id, provinceId: u.provinceId };
    case "province":
      return { level: "province", provinceId: u.id };
    case "nation":
      return { level: "nation" };
    case "review_unit":
      throw new ValidationError(
        "a reviewing unit records no facts of its own; name its commune or province",
        [{ field: "unitId", message: "a commune, a province or the nation" }],
      );
  }
}

export async function resolvePlace(
  directory: PlaceDirectory,
  placeId: string,
): Promise<ResolvedPlace> {
  const unit = await directory.findUnit(placeId);
  if (!unit) throw new NotFoundError(`place ${placeId} does not exist`);
  const base = { info: infoOf(unit), unit, scope: scopeOf(unit) };
  switch (unit.kind) {
    case "nation":
      return { ...base, partition: NATION_ID, parentId: NATION_ID };
    case "province":
      return { ...base, partition: unit.id, parentId: NATION_ID };
    case "review_unit":
      return { ...base, partition: unit.provinceId, parentId: unit.provinceId };
    case "commune":
      return {
        ...base,
        partition: unit.provinceId,
        parentId: unit.provinceId,
        ...(unit.reviewUnitId ? { reviewUnitId: unit.reviewUnitId } : {}),
      };
  }
}

/** The places shown under a place: provinces, a province's communes, a unit's communes. */
export async function childrenOf(directory: PlaceDirectory, p: ResolvedPlace): Promise<Unit[]> {
  const byName = (a: Unit, b: Unit) => a.nameVi.localeCompare(b.nameVi, "vi");
  switch (p.unit.kind) {
    case "nation":
      return (await directory.provinces()).sort(byName);
    case "province":
      return (await directory.listUnits(p.unit.id))
        .filter((u) => u.kind === "commune")
        .sort(byName);
    case "review_unit":
      return (await directory.listUnits(p.unit.provinceId))
        .filter((u) => u.kind === "commune" && u.reviewUnitId === p.unit.id)
        .sort(byName);
    case "commune":
      return [];
  }
}

/** The level above a unit: a commune's province, a province's nation. */
export const parentOfUnit = (u: Unit): string => (u.kind === "commune" ? u.provinceId : NATION_ID);
