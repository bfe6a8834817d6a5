import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { AuditLog } from "../../audit/ports.ts";
import { ValidationError } from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import type { Directory, Unit, UnitStore } from "../ports.ts";

export interface NewUnit {
  id: string;
  kind: "review_unit" | "commune";
  nameVi: string;
  nameEn: string;
  /** Communes: the unit that reviews them (a reviewing unit or the province itself). */
  reviewUnitId?: string;
}

/**
 * Admin: a reviewing unit or a commune of the admin's province, written with its audit event
 * (UNIT#<id>) in one transaction; an id that exists is a field error.
 */
export async function createUnit(
  ports: { units: UnitStore; directory: Pick<Directory, "findUnitFresh">; audit: AuditLog },
  actor: ScopedActor,
  tx: TransitionContext,
  input: NewUnit,
): Promise<Unit> {
  authorize(actor, "units.manage");
  const unit: Unit = {
    id: input.id,
    kind: input.kind,
    nameVi: input.nameVi,
    nameEn: input.nameEn || input.nameVi,
    provinceId: actor.provinceId,
    parentId: actor.provinceId,
  };
  if (input.kind === "commune") {
    const reviewer = input.reviewUnitId
      ? await ports.directory.findUnitFresh(input.reviewUnitId)
      : undefined;
    const province = reviewer?.kind === "province" ? reviewer.id : reviewer?.provinceId;
    if (
      !reviewer ||
      (reviewer.kind !== "review_unit" && reviewer.kind !== "province") ||
      province !== actor.provinceId
    )
      throw new ValidationError("a commune needs a reviewing unit of its province", [
        { field: "reviewUnitId", message: "not a reviewing unit" },
      ]);
    unit.reviewUnitId = reviewer.id;
  }
  try {
    await ports.audit.append(
      auditStreams.unit(unit.id),
      { type: "unit.created", from: null, to: unit.kind, data: { nameVi: unit.nameVi } },
      tx,
      {
        provinceId: unit.provinceId,
        ...(unit.kind === "commune" ? { communeId: unit.id } : {}),
        ...(unit.reviewUnitId ? { reviewUnitId: unit.reviewUnitId } : {}),
      },
      [ports.units.stageCreate(unit)],
    );
  } catch (err) {
    if (err instanceof WriteConditionsFailed)
      throw new ValidationError(`unit ${unit.id} exists`, [
        { field: "id", message: "already exists" },
      ]);
    throw err;
  }
  return unit;
}
