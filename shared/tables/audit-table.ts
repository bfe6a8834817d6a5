/**
 * The AuditTable: append-only, one item per event, hash-chained per stream. Its keys, its
 * indexes and the names of its streams live here and nowhere else.
 */

/** AuditTable GSIs: name → partition attribute; all are sorted by AUDIT_SORT_KEY. */
export const AUDIT_INDEXES = {
  byProvince: "provinceId",
  byUnit: "reviewUnitId",
  byCommune: "communeId",
  byActor: "actorId",
  byType: "type",
  /**
   * Every event by the UTC hour it was written in: what the signed digest reads to find the
   * streams that changed since the last digest (shared/audit/adapters/dynamo-chain-heads.ts).
   * Keys only: the digest reads each stream's head from the table itself. One partition takes
   * all of an hour's events; a GSI partition absorbs about 1,000 writes a second, far above
   * this programme's rate (and a throttled GSI would slow the table's writes, not lose them).
   */
  byHour: "hour",
} as const satisfies Record<string, string>;
export type AuditIndex = keyof typeof AUDIT_INDEXES;

/** Indexes that project keys only (all others project every attribute). */
export const AUDIT_KEYS_ONLY_INDEXES: ReadonlySet<AuditIndex> = new Set(["byHour"]);

/** Attributes of an AuditTable item that are keys or index attributes, not part of the event. */
export const AUDIT_ITEM_ATTRIBUTES = ["pk", "sk", "atId", "hour"] as const;

/** `<at>#<pk>#<sk>`: time order across streams. */
export const AUDIT_SORT_KEY = "atId";

const seqKey = (seq: number) => String(seq).padStart(8, "0");

/** The streams (chains) of events. */
export const auditStreams = {
  /** A proposal's lifecycle. */
  proposal: (id: string) => `P#${id}`,
  /** Reads of a proposal's personal data (kept apart so reading never bumps the proposal). */
  personalReads: (proposalId: string) => `PR#${proposalId}`,
  normSet: (setId: string) => `NS#${setId}`,
  unit: (unitId: string) => `UNIT#${unitId}`,
  /** A user's directory entry: created, approved (four eyes), disabled, enabled. */
  user: (username: string) => `USER#${username}`,
  /** A unit's periodic report of one period (draft, submission, approval, reopening). */
  periodicReport: (unitId: string, period: string) => `MR#${unitId}#${period}`,
  /** A place's targets of one year. */
  targets: (placeId: string, year: number) => `TGT#${placeId}#${year}`,
  /** A national indicator definition. */
  indicator: (code: string) => `IND#${code}`,
  /** A programme event (training, conference, communication). */
  programmeEvent: (id: string) => `EV#${id}`,
  /** Changes of the review timetable (SLA, reminders, escalation, link expiry). */
  reviewSettings: () => "SETTINGS#review",
  /** A registered beneficiary: registration, edits, members, figures, moves, merges. */
  beneficiary: (id: string) => `B#${id}`,
  /** Reads of a registry entry's personal data (survivor case, trusted address host). */
  beneficiaryReads: (id: string) => `BR#${id}`,
  /** A batch of proposals: created, submitted, decided at once (each member has its own). */
  batch: (id: string) => `BA#${id}`,
};

export const PROPOSAL_STREAM_PREFIX = "P#";

/** Primary key of an event, and its time-order attribute. */
export const auditKeys = {
  /** The partition holding a stream's events (queried in sequence order). */
  partition: (stream: string) => stream,
  event: (stream: string, seq: number) => ({ pk: stream, sk: seqKey(seq) }),
  atId: (at: string, stream: string, seq: number) => `${at}#${stream}#${seqKey(seq)}`,
  /** The byHour partition of an event written at `at`: "2026-12-02T03". */
  hour: (at: string) => at.slice(0, 13),
};

/** The index attributes of an event item: its time order and its hour. */
export function auditIndexAttributes(e: { at: string; stream: string; seq: number }): {
  atId: string;
  hour: string;
} {
  return { atId: auditKeys.atId(e.at, e.stream, e.seq), hour: auditKeys.hour(e.at) };
}

/** The event of an AuditTable item: without its keys and index attributes (they are not hashed). */
export function eventOfItem<T>(item: Record<string, unknown>): T {
  const e: Record<string, unknown> = { ...item };
  for (const a of AUDIT_ITEM_ATTRIBUTES) delete e[a];
  return e as T;
}

/** The proposal id of a proposal stream or a personal-reads stream, else undefined. */
export function proposalIdOfStream(stream: string): string | undefined {
  if (stream.startsWith("PR#")) return stream.slice(3);
  if (stream.startsWith(PROPOSAL_STREAM_PREFIX)) return stream.slice(2);
  return undefined;
}
