import { type Action, authorize, type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import { findUnit, findUser } from "../../directory/adapters/dynamo-directory.ts";
import { NotFoundError, ValidationError } from "../../kernel/errors.ts";
import { findProposal, loadProposal } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { scopeOf } from "../../proposals/use-cases/proposals.ts";
import {
  type AuditPage,
  type AuditSelector,
  queryAuditEvents,
  type StoredAuditEvent,
} from "../adapters/dynamo-audit-store.ts";
import type { Cell } from "../domain/export/csv.ts";
import { pseudonymOfProposal } from "./audit-pseudonym.ts";

/**
 * Auditor queries: one selector (proposal, province, reviewing unit, commune, actor or event
 * type), an optional time range, cursor pagination in time order. The policy decides on the
 * selector's scope before anything is read; actor and type queries, whose index is not
 * scoped, are filtered to the auditor's province.
 */
export interface AuditRequest {
  proposalId?: string;
  /** With proposalId: the lifecycle chain (default) or the chain of personal-data reads. */
  stream?: "changes" | "personal-reads";
  provinceId?: string;
  reviewUnitId?: string;
  communeId?: string;
  actorId?: string;
  type?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
  order?: "asc" | "desc";
}

const SELECTORS = [
  "proposalId",
  "provinceId",
  "reviewUnitId",
  "communeId",
  "actorId",
  "type",
] as const;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;
const ID = /^[A-Za-z0-9._:#@-]{1,128}$/;

/** Parses and checks query-string parameters; 400 with field errors otherwise. */
export function parseAuditRequest(q: Record<string, string | undefined>): AuditRequest {
  const errors: { field: string; message: string }[] = [];
  const given = SELECTORS.filter((k) => q[k] !== undefined && q[k] !== "");
  if (given.length > 1)
    errors.push({ field: given[1] ?? "", message: `give one of ${SELECTORS.join(", ")}` });
  for (const k of given)
    if (!ID.test(q[k] ?? "")) errors.push({ field: k, message: "invalid identifier" });
  for (const k of ["from", "to"] as const) {
    const v = q[k];
    if (v !== undefined && (!ISO.test(v) || Number.isNaN(Date.parse(v)))) {
      errors.push({
        field: k,
        message: "ISO-8601 UTC date or time, e.g. 2026-06-01 or 2026-06-01T00:00:00Z",
      });
    }
  }
  if (q.from && q.to && q.from > q.to)
    errors.push({ field: "to", message: "must not be before from" });
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    errors.push({ field: "limit", message: "1 to 100" });
  if (q.order !== undefined && q.order !== "asc" && q.order !== "desc")
    errors.push({ field: "order", message: "asc or desc" });
  if (q.stream !== undefined && q.stream !== "changes" && q.stream !== "personal-reads") {
    errors.push({ field: "stream", message: "changes or personal-reads" });
  }
  if (q.stream !== undefined && !q.proposalId)
    errors.push({ field: "stream", message: "only with proposalId" });
  if (errors.length > 0) throw new ValidationError("invalid audit query", errors);
  const out: AuditRequest = { limit };
  for (const k of [...SELECTORS, "from", "to", "cursor"] as const) {
    const v = q[k];
    if (v) out[k] = v;
  }
  if (q.order === "asc" || q.order === "desc") out.order = q.order;
  if (q.stream === "changes" || q.stream === "personal-reads") out.stream = q.stream;
  return out;
}

const provinceScope = (provinceId: string) => ({ provinceId, reviewUnitId: "", communeId: "" });

/** Authorizes the request for `action` and turns it into an index selector plus a filter. */
export async function resolveSelector(
  actor: ScopedActor,
  action: Action,
  r: AuditRequest,
): Promise<{ selector: AuditSelector; provinceFilter?: string }> {
  const scoped = scopeRuleOf(actor.role, action) !== "global";
  if (r.proposalId) {
    const p = await loadProposal(r.proposalId);
    authorize(actor, action, scopeOf(p));
    return {
      selector: { by: "stream", stream: `${r.stream === "personal-reads" ? "PR" : "P"}#${p.id}` },
    };
  }
  if (r.reviewUnitId || r.communeId) {
    const id = r.reviewUnitId ?? r.communeId ?? "";
    const kind = r.reviewUnitId ? "review_unit" : "commune";
    const unit = await findUnit(id);
    if (!unit || unit.kind !== kind)
      throw new NotFoundError(
        `${kind === "commune" ? "commune" : "reviewing unit"} ${id} does not exist`,
      );
    authorize(actor, action, {
      provinceId: unit.provinceId,
      reviewUnitId: kind === "review_unit" ? unit.id : (unit.reviewUnitId ?? ""),
      communeId: kind === "commune" ? unit.id : "",
    });
    return {
      selector: r.reviewUnitId
        ? { by: "reviewUnit", reviewUnitId: id }
        : { by: "commune", communeId: id },
    };
  }
  if (r.actorId) {
    const user = await findUser(r.actorId);
    // Known users of another province are out of scope; "system" and former users are filtered.
    authorize(actor, action, provinceScope(user?.provinceId ?? actor.provinceId));
    return {
      selector: { by: "actor", actorId: r.actorId },
      ...(scoped ? { provinceFilter: actor.provinceId } : {}),
    };
  }
  if (r.type) {
    authorize(actor, action, provinceScope(actor.provinceId));
    return {
      selector: { by: "type", type: r.type },
      ...(scoped ? { provinceFilter: actor.provinceId } : {}),
    };
  }
  const provinceId = r.provinceId ?? actor.provinceId;
  authorize(actor, action, provinceScope(provinceId));
  return { selector: { by: "province", provinceId } };
}

/** One page of audit events the actor may read. */
export async function auditEvents(
  actor: ScopedActor,
  r: AuditRequest,
  action: Action = "audit.read",
): Promise<AuditPage> {
  const { selector, provinceFilter } = await resolveSelector(actor, action, r);
  return queryAuditEvents(selector, {
    limit: r.limit ?? 50,
    ...(r.from ? { from: r.from } : {}),
    ...(r.to ? { to: r.to } : {}),
    ...(r.cursor ? { cursor: r.cursor } : {}),
    ...(r.order ? { order: r.order } : {}),
    ...(provinceFilter ? { provinceId: provinceFilter } : {}),
  });
}

/** Most events one export returns; the response says where to continue (x-next-cursor). */
export const EXPORT_MAX_EVENTS = 10_000;
/**
 * A Lambda response is at most 6 MB (the XLSX goes base64-encoded, a third larger): an export
 * stops at about 3.5 MB of events and names where to continue (x-next-cursor), whatever the
 * events hold. A page of 100 events overshoots by at most one page.
 */
export const EXPORT_MAX_BYTES = 3_500_000;

/** Up to EXPORT_MAX_EVENTS events for a file export, page after page. */
export async function auditExport(actor: ScopedActor, r: AuditRequest): Promise<AuditPage> {
  const events: StoredAuditEvent[] = [];
  let bytes = 0;
  let cursor = r.cursor;
  do {
    const page = await auditEvents(
      actor,
      { ...r, limit: 100, ...(cursor ? { cursor } : {}) },
      "audit.export",
    );
    events.push(...page.events);
    for (const e of page.events) bytes += JSON.stringify(e).length;
    cursor = page.nextCursor;
  } while (cursor && events.length < EXPORT_MAX_EVENTS && bytes < EXPORT_MAX_BYTES);
  return { events, ...(cursor ? { nextCursor: cursor } : {}) };
}

/** The subject of an event: its proposal (or norm set) id, from the stream key. */
export function subjectOf(e: { stream: string }): { kind: string; id: string } {
  const i = e.stream.indexOf("#");
  return { kind: e.stream.slice(0, i), id: e.stream.slice(i + 1) };
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export function vietnamTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/**
 * The event as the API returns it: stored facts plus the subject and, for reads of personal
 * data, the survivor's pseudonym stored on the proposal (`pseudonyms` by proposal id, see
 * auditEventViews).
 */
export function auditEventView(
  e: StoredAuditEvent,
  pseudonyms?: ReadonlyMap<string, string | undefined>,
) {
  const { atId: _atId, ...rest } = e;
  const subject = subjectOf(e);
  const survivor = subject.kind !== "PR" ? undefined : pseudonyms?.get(subject.id);
  return { ...rest, subject: subject.id, ...(survivor ? { survivorPseudonym: survivor } : {}) };
}

/**
 * The views of a page of events, with the pseudonyms stored on their proposals (one read per
 * proposal whose personal data was read on this page, at most a page's worth).
 */
export async function auditEventViews(events: readonly StoredAuditEvent[]) {
  const ids = [
    ...new Set(
      events
        .map(subjectOf)
        .filter((s) => s.kind === "PR")
        .map((s) => s.id),
    ),
  ];
  const found = await Promise.all(
    ids.map(async (id) => {
      const p = await findProposal(id, false);
      return [id, p ? pseudonymOfProposal(p) : undefined] as const;
    }),
  );
  const pseudonyms = new Map<string, string | undefined>(found);
  return events.map((e) => auditEventView(e, pseudonyms));
}

export const EXPORT_HEADER = [
  "Thời gian (giờ Việt Nam) / Time (Asia/Ho_Chi_Minh)",
  "UTC",
  "Đối tượng / Subject",
  "Chuỗi / Stream",
  "STT / Seq",
  "Sự kiện / Event",
  "Người thực hiện / Actor",
  "Vai trò / Role",
  "Đơn vị / Unit",
  "Kênh / Channel",
  "Từ / From",
  "Đến / To",
  "Lý do / Reason",
  "Tỉnh / Province",
  "Cụm thẩm định / Reviewing unit",
  "Xã / Commune",
  "Dữ liệu / Data",
  "Hash trước / Previous hash",
  "Hash",
] as const;

/** One export row per event, in EXPORT_HEADER's order. */
export function exportRow(e: StoredAuditEvent): Cell[] {
  return [
    vietnamTime(e.at),
    e.at,
    subjectOf(e).id,
    e.stream,
    e.seq,
    e.type,
    e.actorId,
    e.actorRole,
    e.actorUnitId,
    e.channel,
    e.from,
    e.to,
    e.reason,
    e.provinceId,
    e.reviewUnitId,
    e.communeId,
    e.data ? JSON.stringify(e.data) : "",
    e.prevHash,
    e.hash,
  ];
}
