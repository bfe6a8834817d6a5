import { auditItem, auditPut } from "../../audit/adapters/dynamo-audit-log.ts";
import { type AuditEvent, appendEvent } from "../../audit/domain/chain.ts";
import { GetCommand, QueryCommand, UpdateCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import {
  ConditionsFailed,
  pendingWrite,
  type TxItem,
  transact,
  txItemsOf,
} from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError, NotFoundError, StaleVersionError } from "../../kernel/errors.ts";
import { randomUUID } from "../../kernel/node-crypto.ts";
import type { PendingWrite } from "../../kernel/pending-write.ts";
import type { ProposalStatus } from "../../kernel/types.ts";
import { auditStreams, eventOfItem } from "../../tables/audit-table.ts";
import { nextCursorOf, startKeyOf } from "../../tables/cursor.ts";
import {
  DATA_QUERIES,
  DATA_TTL_ATTRIBUTE,
  dataIndexKeys,
  dataKeys,
  proposalsOfCommune,
  proposalsOfProvinceInStatus,
  withoutKeys,
} from "../../tables/data-table.ts";
import type { Change } from "../domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../domain/proposal.ts";
import { watchChangeOf } from "../domain/workflow-issues.ts";
import type { PageRequest, ProposalPage, ProposalStore, SavedChange } from "../ports.ts";

export const proposalStream = auditStreams.proposal;

export function proposalItem(p: Proposal): Record<string, unknown> {
  return { ...dataKeys.proposal(p.id), ...dataIndexKeys.proposal(p), ...p };
}

/** The audit writer's helpers, re-exported for the adapters that import them from here. */
export { auditItem, auditPut };

export async function findProposal(id: string, consistent = true): Promise<Proposal | undefined> {
  const res = await doc.send(
    new GetCommand({
      TableName: config.tableName,
      Key: dataKeys.proposal(id),
      ConsistentRead: consistent,
    }),
  );
  return res.Item ? withoutKeys<Proposal>(res.Item) : undefined;
}

export async function loadProposal(id: string): Promise<Proposal> {
  const p = await findProposal(id);
  if (!p) throw new NotFoundError(`proposal ${id} does not exist`);
  return p;
}

/** Allocates the next human reference of the year, e.g. P8-2026-000042 (gaps are harmless). */
export async function nextReference(year: number): Promise<string> {
  const res = await doc.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: dataKeys.sequence(`ref-${year}`),
      UpdateExpression: "ADD #v :one",
      ExpressionAttributeNames: { "#v": "value" },
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  const n = Number(res.Attributes?.value ?? 0);
  return `P8-${year}-${String(n).padStart(6, "0")}`;
}

export const newId = () => randomUUID();

/**
 * Writes a change and its audit event in one transaction, conditioned on the version that was
 * read (or on absence for a new proposal). `extra` items join the same transaction; if one of
 * their conditions fails, ConditionsFailed is rethrown with indexes relative to `extra`.
 */
function eventOf(before: Proposal | null, change: Change, ctx: TransitionContext): AuditEvent {
  const head = { seq: before?.auditSeq ?? 0, hash: before?.auditHash ?? "" };
  return appendEvent(head, change.event, {
    stream: proposalStream(change.next.id),
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    scope: {
      provinceId: change.next.provinceId,
      reviewUnitId: change.next.reviewUnitId,
      communeId: change.next.communeId,
    },
  });
}

/** The Put of the proposal, conditioned on the version and state read (or on absence). */
function proposalPut(before: Proposal | null, proposal: Proposal): TxItem {
  return {
    Put: {
      TableName: config.tableName,
      Item: proposalItem(proposal),
      ...(before
        ? {
            ConditionExpression: "#v = :v AND #s = :s",
            ExpressionAttributeNames: { "#v": "version", "#s": "status" },
            ExpressionAttributeValues: { ":v": before.version, ":s": before.status },
          }
        : { ConditionExpression: "attribute_not_exists(pk)" }),
    },
  };
}

/**
 * Writes a change and its audit event in one transaction, conditioned on the version that was
 * read (or on absence for a new proposal). `extra` items join the same transaction; if one of
 * their conditions fails, ConditionsFailed is rethrown with indexes relative to `extra`.
 */
export async function saveChange(
  before: Proposal | null,
  change: Change,
  ctx: TransitionContext,
  extra: readonly (TxItem | PendingWrite)[] = [],
): Promise<SavedChange> {
  const event = eventOf(before, change, ctx);
  const proposal: Proposal = { ...change.next, auditSeq: event.seq, auditHash: event.hash };
  const staged = extra.map((x) => ("pendingWrite" in x ? txItemsOf([x])[0] : x) as TxItem);
  const items: TxItem[] = [
    proposalPut(before, proposal),
    auditPut(event),
    ...staged,
    // Unconditional, last: it never fails, so the indexes of `extra` stay as they are.
    ...watchWrite(before, proposal, ctx.at),
  ];
  try {
    await transact(items);
  } catch (err) {
    if (!(err instanceof ConditionsFailed)) throw err;
    if (err.failed.includes(0) || err.failed.includes(1)) {
      if (!before) throw new ConflictError(`proposal ${change.next.id} already exists`);
      const now = await findProposal(before.id);
      throw new StaleVersionError(
        `proposal ${before.id} changed meanwhile (now version ${now?.version ?? "?"}, state ${now?.status ?? "?"}); reload and retry`,
        now?.version ?? before.version,
      );
    }
    throw new ConditionsFailed(err.failed.map((i) => i - 2));
  }
  return { proposal, event };
}

/** The writes of a change for another port's transaction (proposal put, audit put). */
export function stageChange(before: Proposal, change: Change, ctx: TransitionContext) {
  const event = eventOf(before, change, ctx);
  const proposal: Proposal = { ...change.next, auditSeq: event.seq, auditHash: event.hash };
  return {
    proposal,
    event,
    writes: [
      pendingWrite(proposalPut(before, proposal)),
      pendingWrite(auditPut(event)),
      ...watchWrite(before, proposal, ctx.at).map((item) => pendingWrite(item)),
    ],
  };
}

/** How long a removed watch entry stays before TTL deletes it. */
const WATCH_TOMBSTONE_TTL_S = 7 * 24 * 3600;

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * Keeps the execution watch in step with the proposal, in the same transaction: a proposal
 * entering a state that needs an execution is added (a new submission starts afresh), one
 * leaving them is removed, a move between two of them updates the status.
 */
function watchWrite(before: Proposal | null, next: Proposal, at: string): TxItem[] {
  const Key = dataKeys.executionWatch(next.id);
  const change = watchChangeOf(before, next, at);
  switch (change.kind) {
    case "none":
      return [];
    case "remove":
      // A tombstone, not a Delete: every function that moves a proposal would otherwise need
      // dynamodb:DeleteItem on the whole table. The sweep skips it; TTL removes it.
      return [
        {
          Put: {
            TableName: config.tableName,
            Item: {
              ...Key,
              done: at,
              [DATA_TTL_ATTRIBUTE]: epochSeconds(at) + WATCH_TOMBSTONE_TTL_S,
            },
          },
        },
      ];
    case "add":
      return [{ Put: { TableName: config.tableName, Item: { ...Key, ...change.entry } } }];
    case "status":
      return [
        {
          Update: {
            TableName: config.tableName,
            Key,
            UpdateExpression: "SET #s = :s, since = :at",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":s": change.status, ":at": change.since },
          },
        },
      ];
  }
}

/** The proposal's audit events in order (strongly consistent read of its stream). */
export async function proposalHistory(id: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.auditTableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": proposalStream(id) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) out.push(eventOfItem<AuditEvent>(i));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

async function queryIndex(
  query: (typeof DATA_QUERIES)[keyof typeof DATA_QUERIES],
  partition: string,
  page: PageRequest,
  status?: ProposalStatus,
): Promise<ProposalPage> {
  const shape = { attrs: ["pk", "sk", query.pk, query.sk], fixed: { [query.pk]: partition } };
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: query.index,
      KeyConditionExpression: `${query.pk} = :pk`,
      ...(status
        ? { FilterExpression: "#s = :s", ExpressionAttributeNames: { "#s": "status" } }
        : {}),
      ExpressionAttributeValues: { ":pk": partition, ...(status ? { ":s": status } : {}) },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: startKeyOf(page.cursor, page.scope, shape),
    }),
  );
  const cursor = nextCursorOf(page.scope, res.LastEvaluatedKey);
  return {
    proposals: (res.Items ?? []).map((i) => withoutKeys<Proposal>(i)),
    ...(cursor ? { cursor } : {}),
  };
}

/** Proposals in the DataTable (item P#<id>/P, indexes GSI1 by commune, GSI2 by province and status). */
export const dynamoProposalStore: ProposalStore = {
  newId,
  nextReference,
  find: (id) => findProposal(id),
  save: saveChange,
  stage: stageChange,
  history: proposalHistory,
  ofCommune: (communeId, status, page) =>
    queryIndex(DATA_QUERIES.proposalsOfCommune, proposalsOfCommune(communeId), page, status),
  inProvince: (provinceId, status, page) =>
    queryIndex(
      DATA_QUERIES.proposalsOfProvinceInStatus,
      proposalsOfProvinceInStatus(provinceId, status),
      page,
    ),
};
