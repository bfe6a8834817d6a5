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
} as const satisfies Record<string, string>;
export type AuditIndex = keyof typeof AUDIT_INDEXES;

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
};

export const PROPOSAL_STREAM_PREFIX = "P#";

/** Primary key of an event, and its time-order attribute. */
export const auditKeys = {
  /** The partition holding a stream's events (queried in sequence order). */
  partition: (stream: string) => stream,
  event: (stream: string, seq: number) => ({ pk: stream, sk: seqKey(seq) }),
  atId: (at: string, stream: string, seq: number) => `${at}#${stream}#${seqKey(seq)}`,
};

/** The proposal id of a proposal stream or a personal-reads stream, else undefined. */
export function proposalIdOfStream(stream: string): string | undefined {
  if (stream.startsWith("PR#")) return stream.slice(3);
  if (stream.startsWith(PROPOSAL_STREAM_PREFIX)) return stream.slice(2);
  return undefined;
}
