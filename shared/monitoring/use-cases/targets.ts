import { authorize, type ScopedActor } from "../../access/policy.ts";
import { StaleVersionError, ValidationError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { Level } from "../domain/indicators.ts";
import { parsePeriod } from "../domain/periods.ts";
import type { IndicatorStore, TargetRecord, TargetStore } from "../ports.ts";
import { indicatorsInForce } from "./dashboard.ts";
import { type PlaceDirectory, resolvePlace } from "./places.ts";

export interface TargetPorts {
  directory: PlaceDirectory;
  targets: TargetStore;
  indicators: Pick<IndicatorStore, "list">;
}

/**
 * Sets a place's targets for a year: the centre the nation's and the provinces', a province its
 * communes' (target.set in the place's scope).
 * 1. the place and the actor's right; 2. each code is an indicator whose targets may be set at
 *    the place's level, each value a whole number (a percentage at most 100); 3. one
 *    transaction: the targets (merged into the stored ones, at the If-Match version) and the
 *    audit event naming every value changed, from and to.
 */
export async function setTargets(
  ports: TargetPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  placeId: string,
  year: number,
  targets: Record<string, number>,
  ifMatch?: number,
): Promise<TargetRecord> {
  const place = await resolvePlace(ports.directory, placeId);
  authorize(actor, "target.set", place.scope);
  if (!parsePeriod(String(year))) {
    throw new ValidationError(`year ${year} is outside the programme`, [
      { field: "year", message: "2021-2035" },
    ]);
  }
  const level = place.unit.kind;
  if (level === "review_unit") {
    throw new ValidationError("targets are set for the nation, provinces and communes", [
      { field: "placeId", message: "not a reviewing unit" },
    ]);
  }
  const defs = new Map((await indicatorsInForce(ports)).map((d) => [d.code, d]));
  const errors: { field: string; message: string }[] = [];
  for (const [code, v] of Object.entries(targets)) {
    const d = defs.get(code);
    if (!d) errors.push({ field: `targets.${code}`, message: "not an indicator" });
    else if (!d.targetLevels.includes(level as Level))
      errors.push({ field: `targets.${code}`, message: `no targets at ${level} level` });
    else if (d.unit === "percent" && v > 100)
      errors.push({ field: `targets.${code}`, message: "at most 100 (%)" });
  }
  if (errors.length > 0) throw new ValidationError("targets refused", errors);
  const before = await ports.targets.find(place.parentId, year, placeId);
  if (before && ifMatch !== undefined && ifMatch !== before.version) {
    throw new StaleVersionError(
      `the targets changed meanwhile (version ${before.version})`,
      before.version,
    );
  }
  const changed = Object.fromEntries(
    Object.entries(targets)
      .filter(([c, v]) => before?.targets[c] !== v)
      .map(([c, v]) => [c, { from: before?.targets[c] ?? null, to: v }]),
  );
  const next: TargetRecord = {
    placeId,
    parentId: place.parentId,
    year,
    targets: { ...before?.targets, ...targets },
    version: (before?.version ?? 0) + 1,
    auditSeq: before?.auditSeq ?? 0,
    auditHash: before?.auditHash ?? "",
    updatedAt: tx.at,
    updatedBy: actor.id,
  };
  const event = await ports.targets.save(
    before,
    next,
    {
      type: "targets.set",
      from: before ? `v${before.version}` : null,
      to: `v${next.version}`,
      data: { year, changed },
    },
    tx,
    { provinceId: place.unit.provinceId, ...(level === "commune" ? { communeId: placeId } : {}) },
  );
  return { ...next, auditSeq: event.seq, auditHash: event.hash };
}
