import { type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { ForbiddenError, ValidationError } from "../../kernel/errors.ts";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../../kernel/types.ts";
import type { ProposalStore } from "../ports.ts";
import { proposalView } from "../views.ts";

/**
 * Lists proposals the actor may read, always through an index (never a Scan):
 * commune officers by their commune (GSI1); reviewing units per commune they review (GSI1);
 * province roles by province and status (GSI2, status required).
 */
export async function listProposals(
  ports: { proposals: ProposalStore; directory: Pick<Directory, "listUnits"> },
  actor: ScopedActor,
  q: { status?: string; communeId?: string; limit: number; cursor?: string },
) {
  const rule = scopeRuleOf(actor.role, "proposal.read");
  if (!rule) throw new ForbiddenError(`role ${actor.role} may not list proposals`);
  if (q.status && !(PROPOSAL_STATUSES as readonly string[]).includes(q.status)) {
    throw new ValidationError(`unknown status ${q.status}`, [
      { field: "status", message: `one of ${PROPOSAL_STATUSES.join(", ")}` },
    ]);
  }
  let communeId: string | undefined;
  if (rule === "commune") communeId = actor.unitId;
  else if (rule === "reviewUnit") {
    const communes = (await ports.directory.listUnits(actor.provinceId)).filter(
      (u) => u.kind === "commune" && u.reviewUnitId === actor.unitId,
    );
    communeId = q.communeId ?? communes[0]?.id;
    if (!communeId || !communes.some((c) => c.id === communeId)) {
      throw new ForbiddenError("communeId must be one of the communes your unit reviews");
    }
  } else if (q.communeId) {
    communeId = q.communeId;
  }
  const status = q.status as ProposalStatus | undefined;
  // The cursor is bound to the caller and the query: another query's cursor is a 400.
  const page = { limit: q.limit, cursor: q.cursor, scope: [actor.id, communeId, status] };
  const res = communeId
    ? await ports.proposals.ofCommune(communeId, status, page)
    : await ports.proposals.inProvince(actor.provinceId, status ?? "IN_REVIEW", page);
  const items = res.proposals;
  const visible =
    communeId && rule === "province"
      ? items.filter((p) => p.provinceId === actor.provinceId)
      : items;
  return {
    proposals: visible.map((p) => proposalView(p)),
    ...(res.cursor ? { cursor: res.cursor } : {}),
  };
}
