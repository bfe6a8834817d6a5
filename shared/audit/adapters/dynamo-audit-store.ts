import { GetCommand, QueryCommand, type QueryCommandInput } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { ValidationError } from "../../kernel/errors.ts";
import { createHash } from "../../kernel/node-crypto.ts";
import { AUDIT_INDEXES, eventOfItem } from "../../tables/audit-table.ts";
import { dataKeys } from "../../tables/data-table.ts";
import { type AuditEvent, canonicalJson } from "../domain/chain.ts";

/**
 * Read side of the audit trail. Every query is a DynamoDB Query on the table's key (one
 * stream) or on one of its GSIs (province, reviewing unit, commune, actor, type), all sorted
 * by `atId` = `<at>#<stream>#<seq8>`, i.e. by time. Nothing here ever scans.
 */

/** What an auditor asks for: exactly one key. */
export type AuditSelector =
  | { by: "stream"; stream: string }
  | { by: "province"; provinceId: string }
  | { by: "reviewUnit"; reviewUnitId: string }
  | { by: "commune"; communeId: string }
  | { by: "actor"; actorId: string }
  | { by: "type"; type: string };

export interface AuditQueryOptions {
  /** Inclusive lower bound, ISO-8601 UTC. */
  from?: string;
  /** Exclusive upper bound, ISO-8601 UTC. */
  to?: string;
  /** 1..100 events per page. */
  limit: number;
  cursor?: string;
  order?: "asc" | "desc";
  /** Only events of this province (or without a province: norm sets). Applied as a filter. */
  provinceId?: string;
}

/** An audit event as stored, with its index sort key. */
export type StoredAuditEvent = AuditEvent & { atId: string };

export interface AuditPage {
  events: StoredAuditEvent[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

const INDEX_OF: Record<Exclude<AuditSelector["by"], "stream">, [string, string]> = {
  province: ["byProvince", AUDIT_INDEXES.byProvince],
  reviewUnit: ["byUnit", AUDIT_INDEXES.byUnit],
  commune: ["byCommune", AUDIT_INDEXES.byCommune],
  actor: ["byActor", AUDIT_INDEXES.byActor],
  type: ["byType", AUDIT_INDEXES.byType],
};

function keyValue(s: AuditSelector): string {
  switch (s.by) {
    case "stream":
      return s.stream;
    case "province":
      return s.provinceId;
    case "reviewUnit":
      return s.reviewUnitId;
    case "commune":
      return s.communeId;
    case "actor":
      return s.actorId;
    case "type":
      return s.type;
  }
}

/** The attributes a LastEvaluatedKey of this query has, and the one that must equal the key. */
function cursorShape(s: AuditSelector): { attrs: string[]; fixed: [string, string] } {
  if (s.by === "stream") return { attrs: ["pk", "sk"], fixed: ["pk", s.stream] };
  const [, attr] = INDEX_OF[s.by];
  return { attrs: ["atId", attr, "pk", "sk"].sort(), fixed: [attr, keyValue(s)] };
}

/** Binds a cursor to its query so that it cannot be replayed against another one. */
function fingerprint(s: AuditSelector, o: AuditQueryOptions): string {
  const q = { s, from: o.from, to: o.to, order: o.order ?? "asc", provinceId: o.provinceId };
  return createHash("sha256").update(canonicalJson(q)).digest("base64url").slice(0, 16);
}

export function encodeCursor(
  s: AuditSelector,
  o: AuditQueryOptions,
  lastKey: Record<string, unknown>,
): string {
  return Buffer.from(JSON.stringify({ f: fingerprint(s, o), k: lastKey }), "utf8").toString(
    "base64url",
  );
}

const badCursor = () =>
  new ValidationError("cursor is not valid for this query", [
    { field: "cursor", message: "invalid" },
  ]);

/**
 * Decodes a cursor strictly: it must come from the same query, and its key must have exactly
 * the attributes of that query's keys, all strings, with the partition value of the query.
 * A forged cursor can therefore only move within the results the caller may already see.
 */
export function decodeCursor(
  s: AuditSelector,
  o: AuditQueryOptions,
  cursor: string,
): Record<string, string> {
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== "object" || parsed === null) throw badCursor();
  const { f, k } = parsed as { f?: unknown; k?: unknown };
  if (f !== fingerprint(s, o) || typeof k !== "object" || k === null || Array.isArray(k))
    throw badCursor();
  const key = k as Record<string, unknown>;
  const shape = cursorShape(s);
  const names = Object.keys(key).sort();
  if (names.join(",") !== shape.attrs.join(",")) throw badCursor();
  if (!names.every((n) => typeof key[n] === "string" && (key[n] as string).length <= 512))
    throw badCursor();
  if (key[shape.fixed[0]] !== shape.fixed[1]) throw badCursor();
  return key as Record<string, string>;
}

function baseInput(s: AuditSelector, o: AuditQueryOptions): QueryCommandInput {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":k": keyValue(s) };
  const filters: string[] = [];
  let keyCondition: string;
  let indexName: string | undefined;
  if (s.by === "stream") {
    keyCondition = "pk = :k";
    // A stream is small and its sort key is the sequence: the time range is a filter.
    if (o.from) {
      names["#at"] = "at";
      values[":from"] = o.from;
      filters.push("#at >= :from");
    }
    if (o.to) {
      names["#at"] = "at";
      values[":to"] = o.to;
      filters.push("#at < :to");
    }
  } else {
    const [index, attr] = INDEX_OF[s.by];
    indexName = index;
    names["#k"] = attr;
    keyCondition = "#k = :k";
    // atId starts with the ISO time: [from, to) is a range of the sort key.
    if (o.from && o.to) {
      values[":from"] = o.from;
      values[":to"] = o.to;
      keyCondition += " AND atId BETWEEN :from AND :to";
    } else if (o.from) {
      values[":from"] = o.from;
      keyCondition += " AND atId >= :from";
    } else if (o.to) {
      values[":to"] = o.to;
      keyCondition += " AND atId < :to";
    }
  }
  if (o.provinceId) {
    names["#p"] = "provinceId";
    values[":p"] = o.provinceId;
    filters.push("(#p = :p OR attribute_not_exists(#p))");
  }
  return {
    TableName: config.auditTableName,
    ...(indexName ? { IndexName: indexName } : {}),
    KeyConditionExpression: keyCondition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
    ScanIndexForward: (o.order ?? "asc") === "asc",
  };
}

function toEvent(item: Record<string, unknown>): StoredAuditEvent {
  return { ...eventOfItem<AuditEvent>(item), atId: String(item.atId ?? "") };
}

/** Rounds of Query per page when a filter thins the results out (bounded work per request). */
const MAX_ROUNDS = 10;

/**
 * One page of events, in time order. With a filter (province, time range on a stream) a page
 * may need several Query calls; each asks only for what is still missing, so the page never
 * overshoots and the cursor is exactly where it stopped.
 */
export async function queryAuditEvents(s: AuditSelector, o: AuditQueryOptions): Promise<AuditPage> {
  const input = baseInput(s, o);
  let start: Record<string, unknown> | undefined = o.cursor
    ? decodeCursor(s, o, o.cursor)
    : undefined;
  const events: StoredAuditEvent[] = [];
  for (let round = 0; round < MAX_ROUNDS && events.length < o.limit; round++) {
    const res = await doc.send(
      new QueryCommand({
        ...input,
        Limit: o.limit - events.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of res.Items ?? []) events.push(toEvent(item));
    start = res.LastEvaluatedKey;
    if (!start) break;
  }
  return { events, ...(start ? { nextCursor: encodeCursor(s, o, start) } : {}) };
}

/** Every event of one stream in sequence order (strongly consistent). */
export async function streamEvents(stream: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.auditTableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": stream },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of res.Items ?? []) out.push(eventOfItem<AuditEvent>(i));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** The recorded head of a stream kept beside its subject (proposal item, personal-read head). */
export async function recordedHead(
  stream: string,
): Promise<{ seq: number; hash: string } | undefined> {
  const [kind, id] = [stream.slice(0, stream.indexOf("#")), stream.slice(stream.indexOf("#") + 1)];
  if (kind === "P") {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.proposal(id),
        ConsistentRead: true,
      }),
    );
    return res.Item
      ? { seq: Number(res.Item.auditSeq ?? 0), hash: String(res.Item.auditHash ?? "") }
      : undefined;
  }
  if (kind === "PR") {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.personalReadHead(id),
        ConsistentRead: true,
      }),
    );
    return res.Item
      ? { seq: Number(res.Item.seq ?? 0), hash: String(res.Item.hash ?? "") }
      : undefined;
  }
  return undefined;
}
