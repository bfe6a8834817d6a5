/**
 * The DataTable: its key schema, its indexes and every key of every entity it holds. Nothing
 * else in the code spells a key or an index name; docs/architecture.md documents the same table.
 * The CDK app (infra/stateful-stack.ts) creates the indexes from DATA_INDEXES and grants them
 * by name (infra/constructs/project-function.ts).
 */

/** DataTable GSIs: name → [partition key, sort key]. */
export const DATA_INDEXES = {
  GSI1: ["gsi1pk", "gsi1sk"],
  GSI2: ["gsi2pk", "gsi2sk"],
} as const satisfies Record<string, readonly [string, string]>;
export type DataIndex = keyof typeof DATA_INDEXES;

export const DATA_TTL_ATTRIBUTE = "ttl";

export interface ItemKey {
  pk: string;
  sk: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Partition-key prefixes, for readers that select an item kind within one partition. */
export const SORT_PREFIX = {
  disbursement: "D#",
  report: "R#",
  attachment: "A#",
  normCheck: "NC#",
  member: "M#",
  groupFigures: "F#",
  beneficiaryReference: "REF#",
} as const;

/** Primary keys of every entity (pk, sk). */
export const dataKeys = {
  proposal: (id: string): ItemKey => ({ pk: `P#${id}`, sk: "P" }),
  disbursement: (id: string, seq: number): ItemKey => ({ pk: `P#${id}`, sk: `D#${pad(seq, 3)}` }),
  report: (id: string, at: string, reportId: string): ItemKey => ({
    pk: `P#${id}`,
    sk: `R#${at}#${reportId}`,
  }),
  /** A file attached to the proposal (shared/attachments). */
  attachment: (id: string, attachmentId: string): ItemKey => ({
    pk: `P#${id}`,
    sk: `A#${attachmentId}`,
  }),
  /** What a browser will upload, until confirmed or expired (TTL). */
  pendingUpload: (id: string, attachmentId: string): ItemKey => ({
    pk: `P#${id}`,
    sk: `AU#${attachmentId}`,
  }),
  /** The full norm-check result of one submission. */
  normCheck: (id: string, submissionNo: number): ItemKey => ({
    pk: `P#${id}`,
    sk: `NC#${pad(submissionNo, 4)}`,
  }),
  /** The task token of the execution waiting for the proposal's disbursement. */
  disbursementWait: (id: string): ItemKey => ({ pk: `P#${id}`, sk: "W#DISBURSEMENT" }),
  /** Head of the proposal's personal-data-read chain (stream PR#<id>). */
  personalReadHead: (id: string): ItemKey => ({ pk: `P#${id}`, sk: "HEAD#PR" }),
  task: (id: string): ItemKey => ({ pk: `T#${id}`, sk: "T" }),
  unit: (id: string): ItemKey => ({ pk: `UNIT#${id}`, sk: "UNIT" }),
  user: (username: string): ItemKey => ({ pk: `USER#${username}`, sk: "USER" }),
  link: (hash: string): ItemKey => ({ pk: `L#${hash}`, sk: "L" }),
  idempotency: (username: string, key: string): ItemKey => ({
    pk: `IDEM#${username}#${key}`,
    sk: "I",
  }),
  sequence: (name: string): ItemKey => ({ pk: `SEQ#${name}`, sk: "SEQ" }),
  normSet: (setId: string, version: number): ItemKey => ({
    pk: `NS#${setId}`,
    sk: `V#${pad(version, 4)}`,
  }),
  /** A norm-set draft awaiting its second person (four eyes). */
  normSetDraft: (draftId: string): ItemKey => ({ pk: `NSD#${draftId}`, sk: "D" }),
  /** A beneficiary's usage of one cap in one period. */
  normUsage: (beneficiaryKind: string, beneficiaryId: string, usageKey: string): ItemKey => ({
    pk: `USE#${beneficiaryKind}#${beneficiaryId}`,
    sk: usageKey,
  }),
  reviewSettings: (): ItemKey => ({ pk: "CONFIG#review", sk: "CONFIG" }),
  outbox: (sk: string): ItemKey => ({ pk: "OUTBOX", sk }),
  /** The marker of one audit event told to its commune (`<stream>#<seq>`); expires by TTL. */
  communeNotice: (eventKey: string): ItemKey => ({ pk: `NOTICE#${eventKey}`, sk: "NOTICE" }),
  /** Where the commune notices' last run stopped. */
  communeNoticeRun: (): ItemKey => ({ pk: "CONFIG#notices", sk: "CONFIG" }),
  /**
   * Monitoring: the counters of one place in one period (a quarter Q1-Q4, a half H1-H2 or the
   * year Y), in its parent's partition for that year, so that one Query reads every child of a
   * place for a period (shared/monitoring/adapters/dynamo-indicator-ledger.ts explains why).
   */
  aggregateCell: (parentId: string, year: number, slot: string, placeId: string): ItemKey => ({
    pk: `AGG#${parentId}#${year}`,
    sk: `${slot}#${placeId}`,
  }),
  /** Monitoring: a place's running totals of span counters (open intervals), as of now. */
  aggregateNow: (parentId: string, placeId: string): ItemKey => ({
    pk: `AGG#${parentId}#NOW`,
    sk: placeId,
  }),
  /** Monitoring: a place's targets for one year, in its parent's partition. */
  targets: (parentId: string, year: number, placeId: string): ItemKey => ({
    pk: `TGT#${parentId}#${year}`,
    sk: placeId,
  }),
  /** Monitoring: an indicator definition stored by the central level (overrides the shipped one). */
  indicator: (code: string): ItemKey => ({ pk: "IND", sk: code }),
  /** Monitoring: a unit's periodic report, in its parent's partition for that period. */
  periodicReport: (parentId: string, period: string, unitId: string): ItemKey => ({
    pk: `MR#${parentId}#${period}`,
    sk: unitId,
  }),
  /** Monitoring: which reminder about a unit's periodic report went out last. */
  reportReminder: (period: string, unitId: string): ItemKey => ({
    pk: `MREM#${period}`,
    sk: unitId,
  }),
  /** Monitoring: a training, conference or communication event. */
  programmeEvent: (id: string): ItemKey => ({ pk: `EV#${id}`, sk: "EV" }),
  /** A registered beneficiary (group, cooperative, trusted address, survivor case). */
  beneficiary: (id: string): ItemKey => ({ pk: `B#${id}`, sk: "B" }),
  /** A member of a savings group, in the group's partition. */
  member: (groupId: string, memberId: string): ItemKey => ({
    pk: `B#${groupId}`,
    sk: `M#${memberId}`,
  }),
  /** A savings group's figures of one meeting (YYYY-MM-DD) or month (YYYY-MM). */
  groupFigures: (groupId: string, period: string): ItemKey => ({
    pk: `B#${groupId}`,
    sk: `F#${period}`,
  }),
  /** A proposal that references the beneficiary (what a merge must move). */
  beneficiaryReference: (id: string, proposalId: string): ItemKey => ({
    pk: `B#${id}`,
    sk: `REF#${proposalId}`,
  }),
  /** Head of the entry's personal-data-read chain (stream BR#<id>). */
  beneficiaryReadHead: (id: string): ItemKey => ({ pk: `B#${id}`, sk: "HEAD#BR" }),
  /** An entry registered despite a duplicate warning, waiting for the province's review. */
  duplicateFlag: (provinceId: string, createdAt: string, id: string): ItemKey => ({
    pk: `BDUP#${provinceId}`,
    sk: `${createdAt}#${id}`,
  }),
  /** Progress of one spreadsheet import (chunks written), so that a re-post resumes it. */
  registryImport: (importId: string): ItemKey => ({ pk: `BIMP#${importId}`, sk: "I" }),
  /** A batch of proposals (shared/batches): its members are proposals of their own. */
  batch: (id: string): ItemKey => ({ pk: `BATCH#${id}`, sk: "BATCH" }),
  /** A proposal whose state needs a running execution (sharded: no hot partition). */
  executionWatch: (proposalId: string): ItemKey => ({
    pk: `WATCH#${shardOf(proposalId)}`,
    sk: proposalId,
  }),
};

/** Shards of the execution watch: proposals spread over them by a hash of their id. */
export const WATCH_SHARDS = 8;

function shardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % WATCH_SHARDS;
}

/** Partition keys queried as a whole. */
export const dataPartitions = {
  proposal: (id: string) => `P#${id}`,
  normSet: (setId: string) => `NS#${setId}`,
  normUsage: (beneficiaryKind: string, beneficiaryId: string) =>
    `USE#${beneficiaryKind}#${beneficiaryId}`,
  outbox: () => "OUTBOX",
  /** Every child cell of a place for one year (sort keys `<slot>#<placeId>`). */
  aggregateCells: (parentId: string, year: number) => `AGG#${parentId}#${year}`,
  aggregateNow: (parentId: string) => `AGG#${parentId}#NOW`,
  targets: (parentId: string, year: number) => `TGT#${parentId}#${year}`,
  indicators: () => "IND",
  periodicReports: (parentId: string, period: string) => `MR#${parentId}#${period}`,
  reportReminders: (period: string) => `MREM#${period}`,
  beneficiary: (id: string) => `B#${id}`,
  duplicateFlags: (provinceId: string) => `BDUP#${provinceId}`,
  executionWatch: (shard: number) => `WATCH#${shard}`,
};

/** Index attributes of every indexed entity, and the partitions their queries read. */
export const dataIndexKeys = {
  proposal: (p: {
    id: string;
    communeId: string;
    provinceId: string;
    status: string;
    createdAt: string;
    updatedAt: string;
  }) => ({
    gsi1pk: proposalsOfCommune(p.communeId),
    gsi1sk: `${p.createdAt}#${p.id}`,
    gsi2pk: proposalsOfProvinceInStatus(p.provinceId, p.status),
    gsi2sk: `${p.updatedAt}#${p.id}`,
  }),
  task: (t: { id: string; reviewUnitId: string; status: string; dueAt: string }) => ({
    gsi1pk: tasksOfUnit(t.reviewUnitId),
    gsi1sk: `${t.status}#${t.dueAt}#${t.id}`,
    gsi2pk: tasksInStatus(t.status),
    gsi2sk: `${t.dueAt}#${t.id}`,
  }),
  /** Units by province (GSI1); provinces also in one GSI2 partition, the nation's list of them. */
  unit: (u: { id: string; provinceId: string; kind: string }) => ({
    gsi1pk: unitsOfProvince(u.provinceId),
    gsi1sk: `${u.kind}#${u.id}`,
    ...(u.kind === "province" ? { gsi2pk: PROVINCES_PARTITION, gsi2sk: u.id } : {}),
  }),
  /** A programme event by unit (GSI1) and by province (GSI2), in date order. */
  programmeEvent: (e: { id: string; unitId: string; provinceId: string; heldOn: string }) => ({
    gsi1pk: eventsOfUnit(e.unitId),
    gsi1sk: `${e.heldOn}#${e.id}`,
    gsi2pk: eventsOfProvince(e.provinceId),
    gsi2sk: `${e.heldOn}#${e.id}`,
  }),
  user: (u: { username: string; unitId: string; role: string }) => ({
    gsi1pk: usersOfUnit(u.unitId),
    gsi1sk: `${u.role}#${u.username}`,
  }),
  normSet: (s: { id: string; effectiveFrom: string; version: number }) => ({
    gsi1pk: NORM_SETS_PARTITION,
    gsi1sk: `${s.effectiveFrom}#${s.id}#${pad(s.version, 4)}`,
  }),
  normSetDraft: (d: { draftId: string; draftedAt: string }) => ({
    gsi1pk: NORM_SET_DRAFTS_PARTITION,
    gsi1sk: `${d.draftedAt}#${d.draftId}`,
  }),
  /** A batch in its commune's list (GSI1), newest first. */
  batch: (b: { id: string; communeId: string; createdAt: string }) => ({
    gsi1pk: batchesOfCommune(b.communeId),
    gsi1sk: `${b.createdAt}#${b.id}`,
  }),
  /**
   * A registered beneficiary in both indexes, under new partition prefixes of the existing
   * GSIs (no new index): GSI1 lists a commune's entries by kind and name key, and answers the
   * duplicate warning (same commune, kind and key = one key-condition query); GSI2 lists a
   * province's entries of one kind (the province's pages, the indicators' roll-up). Merged
   * entries leave both indexes (sparse): they stay readable by id, pointing at the kept one.
   */
  beneficiary: (b: {
    id: string;
    kind: string;
    communeId: string;
    provinceId: string;
    nameKey: string;
    state: string;
  }) =>
    b.state === "MERGED"
      ? {}
      : {
          gsi1pk: beneficiariesOfCommune(b.communeId),
          gsi1sk: beneficiarySortKey(b.kind, b.nameKey, b.id),
          gsi2pk: beneficiariesOfProvince(b.provinceId, b.kind),
          gsi2sk: `${b.communeId}#${b.nameKey}#${b.id}`,
        },
};

/** GSI1: a commune's proposals by creation time. */
export const proposalsOfCommune = (communeId: string) => `C#${communeId}`;
/** GSI2: a province's proposals in one status by last change. */
export const proposalsOfProvinceInStatus = (provinceId: string, status: string) =>
  `S#${provinceId}#${status}`;
/** GSI1: a reviewing unit's tasks by status and due date. */
export const tasksOfUnit = (unitId: string) => `UT#${unitId}`;
/** GSI2: every task in one status by due date (the sweep). */
export const tasksInStatus = (status: string) => `TASKS#${status}`;
/** GSI1: a province's units by kind. */
export const unitsOfProvince = (provinceId: string) => `UNITS#${provinceId}`;
/** GSI1: a unit's users by role. */
export const usersOfUnit = (unitId: string) => `UU#${unitId}`;
/** GSI1: every norm-set version by effective date. */
export const NORM_SETS_PARTITION = "NORMSETS";
/** GSI1: every norm-set draft by the time it was drafted. */
export const NORM_SET_DRAFTS_PARTITION = "NORMSETDRAFTS";
/** GSI2: every province (the nation's children). */
export const PROVINCES_PARTITION = "PROVINCES";
/** GSI1: a unit's programme events by date. */
export const eventsOfUnit = (unitId: string) => `EVU#${unitId}`;
/** GSI2: a province's programme events (its own and its communes') by date. */
export const eventsOfProvince = (provinceId: string) => `EVP#${provinceId}`;
/** GSI1: a commune's batches of proposals by creation time. */
export const batchesOfCommune = (communeId: string) => `BA#${communeId}`;
/** GSI1: a commune's registered beneficiaries by kind and name key. */
export const beneficiariesOfCommune = (communeId: string) => `BC#${communeId}`;
/** GSI1 sort key of an entry; `<kind>#<nameKey>#` is the prefix of its likely duplicates. */
export const beneficiarySortKey = (kind: string, nameKey: string, id: string) =>
  `${kind}#${nameKey}#${id}`;
/** GSI2: a province's registered beneficiaries of one kind, by commune and name key. */
export const beneficiariesOfProvince = (provinceId: string, kind: string) =>
  `BK#${provinceId}#${kind}`;

/** Which index serves which query, by name (the only place index names appear). */
export const DATA_QUERIES = {
  proposalsOfCommune: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  proposalsOfProvinceInStatus: { index: "GSI2", pk: "gsi2pk", sk: "gsi2sk" },
  tasksOfUnit: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  tasksInStatus: { index: "GSI2", pk: "gsi2pk", sk: "gsi2sk" },
  unitsOfProvince: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  usersOfUnit: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  normSets: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  normSetDrafts: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  provinces: { index: "GSI2", pk: "gsi2pk", sk: "gsi2sk" },
  eventsOfUnit: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  eventsOfProvince: { index: "GSI2", pk: "gsi2pk", sk: "gsi2sk" },
  beneficiariesOfCommune: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
  beneficiariesOfProvince: { index: "GSI2", pk: "gsi2pk", sk: "gsi2sk" },
  batchesOfCommune: { index: "GSI1", pk: "gsi1pk", sk: "gsi1sk" },
} as const satisfies Record<string, { index: DataIndex; pk: string; sk: string }>;

/** Strips the storage keys and index attributes from an item. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    ttl: _t,
    ...rest
  } = item;
  return rest as T;
}
