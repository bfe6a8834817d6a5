import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { AuditLog } from "../../audit/ports.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import type { Directory, Unit } from "../ports.ts";

/**
 * Routing as data: which unit reviews a commune is the commune's `reviewUnitId`, changed by an
 * admin through the API (a province department or a cluster can take the district's role).
 */

/** The unit that reviews `communeId` now (a consistent read: a change applies to the next task). */
export async function reviewUnitFor(
  directory: Pick<Directory, "findUnitFresh">,
  communeId: string,
): Promise<string | undefined> {
  return (await directory.findUnitFresh(communeId))?.reviewUnitId;
}

export interface RoutingPorts {
  directory: Pick<Directory, "findUnitFresh" | "stageReviewUnitChange" | "forget">;
  audit: AuditLog;
}

/**
 * Admin: moves a commune to another reviewing unit of its province.
 * 1. authorize `units.manage`; 2. check the commune and the target (a reviewing unit or the
 *    province itself, of the commune's province);
 * 3. one transaction: the commune's `reviewUnitId` (conditioned on the value read) and an
 *    audit event on `UNIT#<commune>`. A concurrent change is a 409.
 * Tasks already open stay where they are; the next submission is routed to the new unit.
 */
export async function setReviewUnit(
  ports: RoutingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  communeId: string,
  reviewUnitId: string,
): Promise<Unit> {
  authorize(actor, "units.manage");
  const commune = await ports.directory.findUnitFresh(communeId);
  if (!commune) throw new NotFoundError(`unit ${communeId} does not exist`);
  if (commune.kind !== "commune")
    throw new ValidationError(`unit ${communeId} is not a commune`, [
      { field: "id", message: "not a commune" },
    ]);
  const target = await ports.directory.findUnitFresh(reviewUnitId);
  if (!target || (target.kind !== "review_unit" && target.kind !== "province")) {
    throw new ValidationError(`unit ${reviewUnitId} is not a reviewing unit`, [
      { field: "reviewUnitId", message: "not a reviewing unit" },
    ]);
  }
  const targetProvince = target.kind === "province" ? target.id : target.provinceId;
  if (targetProvince !== commune.provinceId) {
    throw new ValidationError(`unit ${reviewUnitId} belongs to another province`, [
      { field: "reviewUnitId", message: "other province" },
    ]);
  }
  if (commune.reviewUnitId === reviewUnitId) return commune;
  try {
    await ports.audit.append(
      auditStreams.unit(communeId),
      { type: "unit.review_unit_changed", from: commune.reviewUnitId ?? null, to: reviewUnitId },
      tx,
      { provinceId: commune.provinceId, reviewUnitId, communeId },
      [ports.directory.stageReviewUnitChange(communeId, commune.reviewUnitId, reviewUnitId)],
    );
  } catch (err) {
    if (err instanceof WriteConditionsFailed)
      throw new ConflictError(`the routing of ${communeId} changed meanwhile; reload and retry`);
    throw err;
  }
  ports.directory.forget(communeId);
  return { ...commune, reviewUnitId };
}
