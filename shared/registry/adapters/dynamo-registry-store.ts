/**
 * The registry in the DataTable (docs/architecture.md, shared/tables/data-table.ts):
 * - an entry: pk `B#<id>`, sk `B`; GSI1 `BC#<communeId>` / `<kind>#<nameKey>#<id>` (a commune's
 *   entries, and the duplicate warning as one key-condition query); GSI2 `BK#<provinceId>#<kind>`
 *   / `<communeId>#<nameKey>#<id>` (a province's entries of a kind); merged entries leave both;
 * - in the entry's partition: members `M#<memberId>`, figures `F#<period>`, proposal references
 *   `REF#<proposalId>`, the personal-read chain head `HEAD#BR` (strongly consistent queries);
 * - the province's duplicate review queue: pk `BDUP#<provinceId>`, sk `<createdAt>#<id>`;
 * - an import's progress: pk `BIMP#<importId>`, sk `I`.
 * Every change is one transaction: the entry (conditioned on the version and state read), its
 * audit event (stream `B#<id>`, refused if the sequence number is taken), and its items.
 */

import { auditPut } from "../../audit/adapters/dynamo-audit-log.ts";
import { type AuditEvent, appendEvent } from "../../audit/domain/chain.ts";
import { GetCommand, QueryCommand, type QueryCommandInput } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import {
  ConditionsFailed,
  pendingWrite,
  type TxItem,
  transact,
  txItemsOf,
} from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError, StaleVersionError } from "../../kernel/errors.ts";
import { randomBytes } from "../../kernel/node-crypto.ts";
import type { PendingWrite } from "../../kernel/pending-write.ts";
import { dynamoIndicatorLedger } from "../../monitoring/adapters/dynamo-indicator-ledger.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams, eventOfItem } from "../../tables/audit-table.ts";
import { nextCursorOf, startKeyOf } from "../../tables/cursor.ts";
import {
  beneficiariesOfCommune,
  beneficiariesOfProvince,
  DATA_QUERIES,
  dataIndexKeys,
  dataKeys,
  dataPartitions,
  SORT_PREFIX,
  withoutKeys,
} from "../../tables/data-table.ts";
import type {
  Beneficiary,
  DuplicateFlag,
  GroupFigures,
  Member,
  RegistryKind,
} from "../domain/beneficiary.ts";
import type { RegistryChange } from "../domain/changes.ts";
import { registryIdOf } from "../domain/ids.ts";
import type {
  ImportProgress,
  PageRequest,
  RegistryPage,
  RegistryStore,
  SavedEntry,
  StagedEntry,
} from "../ports.ts";
import { countedRegistry } from "./counted-registry-store.ts";

const table = () => config.tableName;

export function entryItem(b: Beneficiary): Record<string, unknown> {
  return {
    ...dataKeys.beneficiary(b.id),
    ...dataIndexKeys.beneficiary(b),
    entity: "Beneficiary",
    ...b,
  };
}

async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { entity: _e, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return rest as T;
};

async function find(id: string): Promise<Beneficiary | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: table(), Key: dataKeys.beneficiary(id), ConsistentRead: true }),
  );
  return res.Item ? strip<Beneficiary>(res.Item) : undefined;
}

async function partitionItems<T>(id: string, prefix: string): Promise<T[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
    ExpressionAttributeValues: { ":pk": dataPartitions.beneficiary(id), ":p": prefix },
    ConsistentRead: true,
  });
  return items.map((i) => strip<T>(i));
}

async function indexPage(
  query: (typeof DATA_QUERIES)["beneficiariesOfCommune" | "beneficiariesOfProvince"],
  partition: string,
  prefix: string | undefined,
  page: PageRequest,
): Promise<RegistryPage> {
  const shape = { attrs: ["pk", "sk", query.pk, query.sk], fixed: { [query.pk]: partition } };
  const res = await doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: query.index,
      KeyConditionExpression: `${query.pk} = :pk${prefix ? ` AND begins_with(${query.sk}, :p)` : ""}`,
      ExpressionAttributeValues: { ":pk": partition, ...(prefix ? { ":p": prefix } : {}) },
      Limit: page.limit,
      ExclusiveStartKey: startKeyOf(page.cursor, page.scope, shape),
    }),
  );
  const cursor = nextCursorOf(page.scope, res.LastEvaluatedKey);
  return {
    entries: (res.Items ?? []).map((i) => strip<Beneficiary>(i)),
    ...(cursor ? { cursor } : {}),
  };
}

function eventOf(
  before: Beneficiary | null,
  change: RegistryChange,
  ctx: TransitionContext,
): AuditEvent {
  return appendEvent({ seq: before?.auditSeq ?? 0, hash: before?.auditHash ?? "" }, change.event, {
    stream: auditStreams.beneficiary(change.next.id),
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    scope: { provinceId: change.next.provinceId, communeId: change.next.communeId },
  });
}

function changeItems(before: Beneficiary | null, change: RegistryChange, ctx: TransitionContext) {
  const event = eventOf(before, change, ctx);
  const entry = { ...change.next, auditSeq: event.seq, auditHash: event.hash } as Beneficiary;
  const items: TxItem[] = [
    {
      Put: {
        TableName: table(),
        Item: entryItem(entry),
        ...(before
          ? {
              ConditionExpression: "#v = :v AND #st = :st",
              ExpressionAttributeNames: { "#v": "version", "#st": "state" },
              ExpressionAttributeValues: { ":v": before.version, ":st": before.state },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    },
    auditPut(event),
    ...(change.members ?? []).map(
      (m: Member): TxItem => ({
        Put: {
          TableName: table(),
          Item: { ...dataKeys.member(m.groupId, m.id), entity: "Member", ...m },
        },
      }),
    ),
    ...(change.figures ?? []).map(
      (f: GroupFigures): TxItem => ({
        Put: {
          TableName: table(),
          Item: { ...dataKeys.groupFigures(f.groupId, f.period), entity: "GroupFigures", ...f },
        },
      }),
    ),
    ...(change.flag
      ? [
          {
            Put: {
              TableName: table(),
              Item: {
                ...dataKeys.duplicateFlag(
                  change.flag.provinceId,
                  change.flag.createdAt,
                  change.flag.entryId,
                ),
                entity: "DuplicateFlag",
                ...change.flag,
              },
            },
          } satisfies TxItem,
        ]
      : []),
    ...(change.unflag ?? []).map(
      (f): TxItem => ({
        Delete: {
          TableName: table(),
          Key: dataKeys.duplicateFlag(f.provinceId, f.createdAt, f.entryId),
        },
      }),
    ),
  ];
  return { entry, event, items };
}

async function save(
  before: Beneficiary | null,
  change: RegistryChange,
  ctx: TransitionContext,
  extra: readonly PendingWrite[] = [],
): Promise<SavedEntry> {
  const { entry, event, items } = changeItems(before, change, ctx);
  try {
    await transact([...items, ...txItemsOf(extra)]);
  } catch (err) {
    if (!(err instanceof ConditionsFailed)) throw err;
    if (err.failed.some((i) => i < items.length)) {
      if (!before) throw new ConflictError(`registry entry ${change.next.id} already exists`);
      const now = await find(before.id);
      throw new StaleVersionError(
        `registry entry ${before.id} changed meanwhile (now version ${now?.version ?? "?"}); reload and retry`,
        now?.version ?? before.version,
      );
    }
    throw new ConditionsFailed(err.failed.map((i) => i - items.length));
  }
  return { entry, event };
}

function stage(
  before: Beneficiary | null,
  change: RegistryChange,
  ctx: TransitionContext,
): StagedEntry {
  const { entry, event, items } = changeItems(before, change, ctx);
  return { entry, event, writes: items.map((i) => pendingWrite(i)) };
}

const refPut = (id: string, proposalId: string): TxItem => ({
  Put: {
    TableName: table(),
    Item: {
      ...dataKeys.beneficiaryReference(id, proposalId),
      entity: "BeneficiaryReference",
      proposalId,
    },
  },
});
const refDelete = (id: string, proposalId: string): TxItem => ({
  Delete: { TableName: table(), Key: dataKeys.beneficiaryReference(id, proposalId) },
});

/** The store alone, without the A1 counters (tests and the counting wrapper). */
export const rawDynamoRegistryStore: RegistryStore = {
  newId: () => registryIdOf(randomBytes(8)),
  find,
  async sameName(communeId: string, kind: RegistryKind, nameKey: string) {
    const q = DATA_QUERIES.beneficiariesOfCommune;
    const items = await queryAll({
      TableName: table(),
      IndexName: q.index,
      KeyConditionExpression: `${q.pk} = :pk AND begins_with(${q.sk}, :p)`,
      ExpressionAttributeValues: {
        ":pk": beneficiariesOfCommune(communeId),
        ":p": `${kind}#${nameKey}#`,
      },
    });
    return items.map((i) => strip<Beneficiary>(i)).filter((b) => b.state !== "MERGED");
  },
  ofCommune: (communeId, kind, page) =>
    indexPage(
      DATA_QUERIES.beneficiariesOfCommune,
      beneficiariesOfCommune(communeId),
      kind ? `${kind}#` : undefined,
      page,
    ),
  ofProvince: (provinceId, kind, page) =>
    indexPage(
      DATA_QUERIES.beneficiariesOfProvince,
      beneficiariesOfProvince(provinceId, kind),
      undefined,
      page,
    ),
  members: (groupId) => partitionItems<Member>(groupId, SORT_PREFIX.member),
  figures: (groupId) => partitionItems<GroupFigures>(groupId, SORT_PREFIX.groupFigures),
  async references(id) {
    const refs = await partitionItems<{ proposalId: string }>(id, SORT_PREFIX.beneficiaryReference);
    return refs.map((r) => r.proposalId);
  },
  async history(id) {
    const items = await queryAll({
      TableName: config.auditTableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": auditStreams.beneficiary(id) },
      ConsistentRead: true,
    });
    // The item's key and index attributes are not part of the event (nor of its hash).
    return items.map((i) => eventOfItem<AuditEvent>(i));
  },
  async flags(provinceId) {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": dataPartitions.duplicateFlags(provinceId) },
      ConsistentRead: true,
    });
    return items.map((i) => strip<DuplicateFlag>(i));
  },
  save,
  stage,
  async commit(writes) {
    await transact(txItemsOf(writes));
  },
  stageReference: (id, proposalId) => [
    pendingWrite({
      ConditionCheck: {
        TableName: table(),
        Key: dataKeys.beneficiary(id),
        ConditionExpression: "#st = :active",
        ExpressionAttributeNames: { "#st": "state" },
        ExpressionAttributeValues: { ":active": "ACTIVE" },
      },
    }),
    pendingWrite(refPut(id, proposalId)),
  ],
  stageUnreference: (id, proposalId) => [pendingWrite(refDelete(id, proposalId))],
  stageReferenceMove: (fromId, toId, proposalId) => [
    ...(fromId ? [pendingWrite(refDelete(fromId, proposalId))] : []),
    pendingWrite(refPut(toId, proposalId)),
  ],
  async importProgress(importId) {
    const res = await doc.send(
      new GetCommand({
        TableName: table(),
        Key: dataKeys.registryImport(importId),
        ConsistentRead: true,
      }),
    );
    return res.Item ? strip<ImportProgress>(res.Item) : undefined;
  },
  stageImportProgress: (before, next) =>
    pendingWrite({
      Put: {
        TableName: table(),
        Item: { ...dataKeys.registryImport(next.importId), entity: "RegistryImport", ...next },
        ...(before
          ? {
              ConditionExpression: "#d = :d",
              ExpressionAttributeNames: { "#d": "chunksDone" },
              ExpressionAttributeValues: { ":d": before.chunksDone },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    }),
};

/** The registry store every handler uses: it keeps the A1 counters with the facts. */
export const dynamoRegistryStore: RegistryStore = countedRegistry(
  rawDynamoRegistryStore,
  dynamoIndicatorLedger,
);
