import { type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { ForbiddenError, ValidationError } from "../../kernel/errors.ts";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../../kernel/types.ts";
import { invalidCursor } from "../../tables/cursor.ts";
import type { Proposal } from "../domain/proposal.ts";
import type { ProposalStore } from "../ports.ts";
import { proposalView } from "../views.ts";

/**
 * The order in which a province-wide list without a status walks the statuses: what needs
 * someone's action first, then what is funded and running, then what is over, drafts last.
 * Documented in the route's description (shared/proposals/routes.ts).
 */
export const PROVINCE_LIST_ORDER: readonly ProposalStatus[] = [
  "IN_REVIEW",
  "NORM_CHECK",
  "APPROVED",
  "DISBURSING",
  "MONITORING",
  "RETURNED",
  "REJECTED",
  "CLOSED",
  "CANCELLED",
  "DRAFT",
];

/**
 * Every status of a province, a page at a time, through GSI2 (one partition per status): the
 * page is filled status after status; the cursor is `<status index>~<cursor within it>`, the
 * inner cursor bound to the caller, the province and the status like any other.
 */
async function walkProvince(
  proposals: ProposalStore,
  actorId: string,
  provinceId: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ proposals: Proposal[]; cursor?: string }> {
  let index = 0;
  let inner: string | undefined;
  if (cursor) {
    const m = /^(\d{1,2})~([A-Za-z0-9_-]*)$/.exec(cursor);
    index = Number(m?.[1] ?? -1);
    if (!m || index >= PROVINCE_LIST_ORDER.length) throw invalidCursor();
    inner = m[2] || undefined;
  }
  const out: Proposal[] = [];
  while (index < PROVINCE_LIST_ORDER.length) {
    const status = PROVINCE_LIST_ORDER[index] as ProposalStatus;
    const page = await proposals.inProvince(provinceId, status, {
      limit: limit - out.length,
      ...(inner ? { cursor: inner } : {}),
      scope: [actorId, provinceId, status],
    });
    out.push(...page.proposals);
    if (page.cursor) {
      if (out.length >= limit) return { proposals: out, cursor: `${index}~${page.cursor}` };
      inner = page.cursor;
      continue;
    }
    index++;
    inner = undefined;
    if (out.length >= limit)
      return index < PROVINCE_LIST_ORDER.length
        ? { proposals: out, cursor: `${index}~` }
        : { proposals: out };
  }
  return { proposals: out };
}

/**
 * Lists proposals the actor may read, always through an index (never a Scan):
 * commune officers by their commune (GSI1); reviewing units per commune they review (GSI1);
 * province roles by province (GSI2): one status when given, otherwise every status in
 * PROVINCE_LIST_ORDER; the central level likewise for the province it names (or a commune).
 */
export async function listProposals(
  ports: { proposals: ProposalStore; directory: Pick<Directory, "listUnits"> },
  actor: ScopedActor,
  q: { status?: string; communeId?: string; provinceId?: string; limit: number; cursor?: string },
) {
  const rule = scopeRuleOf(actor.role, "proposal.read");
  if (!rule) throw new ForbiddenError(`role ${actor.role} may not list proposals`);
  if (q.status && !(PROPOSAL_STATUSES as readonly string[]).includes(q.status)) {
    throw new ValidationError(`unknown status ${q.status}`, [
      { field: "status", message: `one of ${PROPOSAL_STATUSES.join(", ")}` },
    ]);
  }
  let communeId: string | undefined;
  let provinceId = actor.provinceId;
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
  } else if (rule === "national") {
    if (!q.provinceId) {
      throw new ValidationError("name a province (provinceId) or a commune (communeId)", [
        { field: "provinceId", message: "required for national roles without communeId" },
      ]);
    }
    provinceId = q.provinceId;
  }
  const status = q.status as ProposalStatus | undefined;
  // The cursor is bound to the caller and the query: another query's cursor is a 400.
  const page = { limit: q.limit, cursor: q.cursor, scope: [actor.id, communeId, status] };
  const res = communeId
    ? await ports.proposals.ofCommune(communeId, status, page)
    : status
      ? await ports.proposals.inProvince(provinceId, status, {
          ...page,
          scope: [actor.id, provinceId, status],
        })
      : await walkProvince(ports.proposals, actor.id, provinceId, q.limit, q.cursor);
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
