/**
 * Targets, indicator definitions, periodic reports, programme events and reminder steps in the
 * DataTable (keys: shared/tables/data-table.ts; audit streams: shared/tables/audit-table.ts).
 * Every list is one Query of a partition or an index; nothing scans.
 */

import type { AuditEvent } from "../../audit/domain/chain.ts";
import { GetCommand, PutCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { ConditionalCheckFailedException } from "../../aws/dynamo/errors.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { randomUUID } from "../../kernel/node-crypto.ts";
import { auditStreams, eventOfItem } from "../../tables/audit-table.ts";
import {
  DATA_QUERIES,
  dataIndexKeys,
  dataKeys,
  dataPartitions,
  eventsOfProvince,
  eventsOfUnit,
  withoutKeys,
} from "../../tables/data-table.ts";
import type { ProgrammeEvent } from "../domain/events.ts";
import type { IndicatorDefinition } from "../domain/indicators.ts";
import type { ReportReminderStep } from "../domain/reminders.ts";
import type { PeriodicReport } from "../domain/report.ts";
import type {
  EventStore,
  IndicatorStore,
  ReminderStore,
  ReportStore,
  TargetRecord,
  TargetStore,
} from "../ports.ts";
import { chainEvent, putChained } from "./dynamo-chained-put.ts";

async function queryAll(input: {
  index?: string;
  pkName?: string;
  pk: string;
  skName?: string;
  between?: [string, string];
}): Promise<Record<string, unknown>[]> {
  const pkName = input.pkName ?? "pk";
  const skName = input.skName ?? "sk";
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        ...(input.index ? { IndexName: input.index } : {}),
        KeyConditionExpression: `#pk = :pk${input.between ? " AND #sk BETWEEN :a AND :b" : ""}`,
        ExpressionAttributeNames: { "#pk": pkName, ...(input.between ? { "#sk": skName } : {}) },
        ExpressionAttributeValues: {
          ":pk": input.pk,
          ...(input.between ? { ":a": input.between[0], ":b": input.between[1] } : {}),
        },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

async function getItem(key: {
  pk: string;
  sk: string;
}): Promise<Record<string, unknown> | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true }),
  );
  return res.Item;
}

export const dynamoTargetStore: TargetStore = {
  async ofChildren(parentId, year) {
    return (await queryAll({ pk: dataPartitions.targets(parentId, year) })).map((i) =>
      withoutKeys<TargetRecord>(i),
    );
  },
  async find(parentId, year, placeId) {
    const i = await getItem(dataKeys.targets(parentId, year, placeId));
    return i ? withoutKeys<TargetRecord>(i) : undefined;
  },
  async save(before, next, facts, ctx, scope) {
    const event = chainEvent(
      auditStreams.targets(next.placeId, next.year),
      before,
      facts,
      ctx,
      scope,
    );
    const record = { ...next, auditSeq: event.seq, auditHash: event.hash };
    await putChained(
      { ...dataKeys.targets(next.parentId, next.year, next.placeId), ...record },
      before,
      event,
      `the targets of ${next.placeId} for ${next.year}`,
    );
    return event;
  },
};

type StoredIndicator = IndicatorDefinition & { auditSeq: number; auditHash: string };

export const dynamoIndicatorStore: IndicatorStore = {
  async list() {
    return (await queryAll({ pk: dataPartitions.indicators() })).map((i) => {
      const { auditSeq: _s, auditHash: _h, ...d } = withoutKeys<StoredIndicator>(i);
      return d;
    });
  },
  async find(code) {
    const i = await getItem(dataKeys.indicator(code));
    return i ? withoutKeys<StoredIndicator>(i) : undefined;
  },
  async save(before, next, facts, ctx) {
    const event = chainEvent(auditStreams.indicator(next.code), before, facts, ctx, {});
    await putChained(
      { ...dataKeys.indicator(next.code), ...next, auditSeq: event.seq, auditHash: event.hash },
      before,
      event,
      `indicator ${next.code}`,
    );
    return event;
  },
};

export const dynamoReportStore: ReportStore = {
  async find(ref) {
    const i = await getItem(dataKeys.periodicReport(ref.parentId, ref.period, ref.unitId));
    return i ? withoutKeys<PeriodicReport>(i) : undefined;
  },
  async ofParent(parentId, period) {
    return (await queryAll({ pk: dataPartitions.periodicReports(parentId, period) })).map((i) =>
      withoutKeys<PeriodicReport>(i),
    );
  },
  async save(ref, before, change, ctx, extra = []) {
    const r = change.next;
    const event = chainEvent(
      auditStreams.periodicReport(ref.unitId, ref.period),
      before,
      change.event,
      ctx,
      {
        provinceId: r.provinceId,
        ...(r.level === "commune" ? { communeId: r.unitId } : {}),
        ...(r.reviewUnitId ? { reviewUnitId: r.reviewUnitId } : {}),
      },
    );
    const report: PeriodicReport = { ...r, auditSeq: event.seq, auditHash: event.hash };
    await putChained(
      { ...dataKeys.periodicReport(ref.parentId, ref.period, ref.unitId), ...report },
      before,
      event,
      `the report of ${ref.unitId} for ${ref.period}`,
      extra,
    );
    return { report, event };
  },
  async history(ref) {
    const out: AuditEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(
        new QueryCommand({
          TableName: config.auditTableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": auditStreams.periodicReport(ref.unitId, ref.period) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      // The item's key and index attributes are not part of the hashed event.
      for (const i of res.Items ?? []) out.push(eventOfItem<AuditEvent>(i));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  },
};

export const dynamoEventStore: EventStore = {
  newId: () => randomUUID(),
  async find(id) {
    const i = await getItem(dataKeys.programmeEvent(id));
    return i ? withoutKeys<ProgrammeEvent>(i) : undefined;
  },
  async ofUnit(unitId, year) {
    const q = DATA_QUERIES.eventsOfUnit;
    return (
      await queryAll({
        index: q.index,
        pkName: q.pk,
        skName: q.sk,
        pk: eventsOfUnit(unitId),
        between: [`${year}-01-01`, `${year}-12-31~`],
      })
    ).map((i) => withoutKeys<ProgrammeEvent>(i));
  },
  async ofProvince(provinceId, year) {
    const q = DATA_QUERIES.eventsOfProvince;
    return (
      await queryAll({
        index: q.index,
        pkName: q.pk,
        skName: q.sk,
        pk: eventsOfProvince(provinceId),
        between: [`${year}-01-01`, `${year}-12-31~`],
      })
    ).map((i) => withoutKeys<ProgrammeEvent>(i));
  },
  async save(before, next, facts, ctx, extra = []) {
    const audit = chainEvent(auditStreams.programmeEvent(next.id), before, facts, ctx, {
      provinceId: next.provinceId,
      ...(next.level === "commune" ? { communeId: next.unitId } : {}),
      ...(next.reviewUnitId ? { reviewUnitId: next.reviewUnitId } : {}),
    });
    const event: ProgrammeEvent = { ...next, auditSeq: audit.seq, auditHash: audit.hash };
    await putChained(
      { ...dataKeys.programmeEvent(next.id), ...dataIndexKeys.programmeEvent(next), ...event },
      before,
      audit,
      `event ${next.id}`,
      extra,
    );
    return { event, audit };
  },
};

export const dynamoReminderStore: ReminderStore = {
  async sent(period, unitIds) {
    const wanted = new Set(unitIds);
    const out = new Map<string, ReportReminderStep>();
    for (const i of await queryAll({ pk: dataPartitions.reportReminders(period) })) {
      const unit = String(i.sk);
      if (wanted.has(unit) && typeof i.step === "string")
        out.set(unit, i.step as ReportReminderStep);
    }
    return out;
  },
  async mark(period, unitId, from, to, at) {
    try {
      await doc.send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...dataKeys.reportReminder(period, unitId), step: to, at },
          ConditionExpression: from ? "step = :from" : "attribute_not_exists(pk)",
          ...(from ? { ExpressionAttributeValues: { ":from": from } } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  },
};
