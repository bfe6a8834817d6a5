/**
 * In-memory adapters of the monitoring ports on one MemoryDb: the counters (staged ADDs, applied
 * atomically with the fact), targets, indicator definitions, periodic reports, events, reminder
 * steps. Records are keyed by the DataTable's own key builders, so the layout is the same.
 */
import { randomUUID } from "node:crypto";
import { type AuditEvent, appendEvent } from "../../../shared/audit/domain/chain.ts";
import { ConflictError, StaleVersionError } from "../../../shared/kernel/errors.ts";
import { WriteConditionsFailed } from "../../../shared/kernel/pending-write.ts";
import { type CellKey, cellIncrements } from "../../../shared/monitoring/domain/cells.ts";
import type { ProgrammeEvent } from "../../../shared/monitoring/domain/events.ts";
import type { IndicatorDefinition } from "../../../shared/monitoring/domain/indicators.ts";
import type { ReportReminderStep } from "../../../shared/monitoring/domain/reminders.ts";
import type { PeriodicReport } from "../../../shared/monitoring/domain/report.ts";
import type {
  AggregateReader,
  AuditScope,
  CellRow,
  EventStore,
  IndicatorLedger,
  IndicatorStore,
  ReminderStore,
  ReportNotices,
  ReportStore,
  TargetRecord,
  TargetStore,
} from "../../../shared/monitoring/ports.ts";
import type { AuditFacts } from "../../../shared/proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { auditStreams } from "../../../shared/tables/audit-table.ts";
import { dataKeys, dataPartitions } from "../../../shared/tables/data-table.ts";
import { asMemoryWrites, type MemoryDb, type MemoryWrite, memoryWrite } from "./db.ts";

const k = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;

interface CellRecord {
  placeId: string;
  parentId: string;
  year?: number;
  slot?: string;
  counters: Record<string, number>;
}

function cellKey(c: CellKey) {
  return c.kind === "cell"
    ? dataKeys.aggregateCell(c.parentId, c.year, c.slot, c.placeId)
    : dataKeys.aggregateNow(c.parentId, c.placeId);
}

export function memoryIndicatorLedger(): IndicatorLedger {
  return {
    stage(deltas) {
      return cellIncrements(deltas).map((inc) =>
        memoryWrite((d) => {
          const key = k(cellKey(inc.key));
          const rec = d.get<CellRecord>(key) ?? {
            placeId: inc.key.placeId,
            parentId: inc.key.parentId,
            ...(inc.key.kind === "cell" ? { year: inc.key.year, slot: inc.key.slot } : {}),
            counters: {},
          };
          for (const [n, v] of Object.entries(inc.adds))
            rec.counters[n] = (rec.counters[n] ?? 0) + v;
          d.put(key, rec);
        }),
      );
    },
  };
}

export function memoryAggregateReader(db: MemoryDb): AggregateReader {
  const row = (r: CellRecord): CellRow => ({
    placeId: r.placeId,
    year: r.year ?? 0,
    slot: r.slot ?? "",
    counters: { ...r.counters },
  });
  return {
    async children(parentId, year, slots) {
      const pk = dataPartitions.aggregateCells(parentId, year);
      return slots.flatMap((s) =>
        db.keys(`${pk}|${s}#`).map((key) => row(db.get<CellRecord>(key) as CellRecord)),
      );
    },
    async childrenNow(parentId) {
      return db
        .keys(`${dataPartitions.aggregateNow(parentId)}|`)
        .map((key) => db.get<CellRecord>(key) as CellRecord)
        .map((r) => ({ placeId: r.placeId, counters: { ...r.counters } }));
    },
    async cells(parentId, placeId, slots) {
      return slots.flatMap((s) => {
        const r = db.get<CellRecord>(k(dataKeys.aggregateCell(parentId, s.year, s.slot, placeId)));
        return r ? [row(r)] : [];
      });
    },
    async now(parentId, placeId) {
      const r = db.get<CellRecord>(k(dataKeys.aggregateNow(parentId, placeId)));
      return r ? { placeId, counters: { ...r.counters } } : undefined;
    },
  };
}

interface Head {
  version: number;
  auditSeq: number;
  auditHash: string;
}

function chained(
  stream: string,
  before: Head | undefined,
  facts: AuditFacts,
  ctx: TransitionContext,
  scope: AuditScope,
): AuditEvent {
  return appendEvent({ seq: before?.auditSeq ?? 0, hash: before?.auditHash ?? "" }, facts, {
    stream,
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    scope,
  });
}

/** The record's write conditioned on the version read, with its event and the staged writes. */
function commit(
  db: MemoryDb,
  key: string,
  before: Head | undefined,
  record: Head,
  event: AuditEvent,
  what: string,
  extra: readonly MemoryWrite[] = [],
): void {
  const own = memoryWrite(
    (d) => {
      d.put(key, record);
      d.append(event);
    },
    (d) => {
      const now = d.get<Head>(key);
      return before ? now?.version === before.version : now === undefined;
    },
  );
  try {
    db.transact([own, ...extra]);
  } catch (err) {
    if (!(err instanceof WriteConditionsFailed)) throw err;
    if (err.failed.includes(0)) {
      if (!before) throw new ConflictError(`${what} was created meanwhile`);
      throw new StaleVersionError(`${what} changed meanwhile`, before.version);
    }
    throw new WriteConditionsFailed(err.failed.map((i) => i - 1));
  }
}

export function memoryTargetStore(db: MemoryDb): TargetStore {
  return {
    async ofChildren(parentId, year) {
      return db
        .keys(`${dataPartitions.targets(parentId, year)}|`)
        .map((key) => db.get<TargetRecord>(key) as TargetRecord);
    },
    async find(parentId, year, placeId) {
      return db.get<TargetRecord>(k(dataKeys.targets(parentId, year, placeId)));
    },
    async save(before, next, facts, ctx, scope) {
      const event = chained(
        auditStreams.targets(next.placeId, next.year),
        before,
        facts,
        ctx,
        scope,
      );
      const record = { ...next, auditSeq: event.seq, auditHash: event.hash };
      commit(
        db,
        k(dataKeys.targets(next.parentId, next.year, next.placeId)),
        before,
        record,
        event,
        "targets",
      );
      return event;
    },
  };
}

type StoredIndicator = IndicatorDefinition & { auditSeq: number; auditHash: string };

export function memoryIndicatorStore(db: MemoryDb): IndicatorStore {
  return {
    async list() {
      return db.keys(`${dataPartitions.indicators()}|`).map((key) => {
        const {
          auditSeq: _s,
          auditHash: _h,
          ...d
        } = db.get<StoredIndicator>(key) as StoredIndicator;
        return d;
      });
    },
    async find(code) {
      return db.get<StoredIndicator>(k(dataKeys.indicator(code)));
    },
    async save(before, next, facts, ctx) {
      const event = chained(auditStreams.indicator(next.code), before, facts, ctx, {});
      commit(
        db,
        k(dataKeys.indicator(next.code)),
        before,
        { ...next, auditSeq: event.seq, auditHash: event.hash },
        event,
        "indicator",
      );
      return event;
    },
  };
}

export function memoryReportStore(db: MemoryDb): ReportStore {
  return {
    async find(ref) {
      return db.get<PeriodicReport>(
        k(dataKeys.periodicReport(ref.parentId, ref.period, ref.unitId)),
      );
    },
    async ofParent(parentId, period) {
      return db
        .keys(`${dataPartitions.periodicReports(parentId, period)}|`)
        .map((key) => db.get<PeriodicReport>(key) as PeriodicReport);
    },
    async save(ref, before, change, ctx, extra = []) {
      const r = change.next;
      const event = chained(
        auditStreams.periodicReport(ref.unitId, ref.period),
        before,
        change.event,
        ctx,
        {
          provinceId: r.provinceId,
          ...(r.level === "commune" ? { communeId: r.unitId } : {}),
        },
      );
      const report: PeriodicReport = { ...r, auditSeq: event.seq, auditHash: event.hash };
      commit(
        db,
        k(dataKeys.periodicReport(ref.parentId, ref.period, ref.unitId)),
        before,
        report,
        event,
        "report",
        asMemoryWrites(extra),
      );
      return { report, event };
    },
    async history(ref) {
      return db.events(auditStreams.periodicReport(ref.unitId, ref.period));
    },
  };
}

export function memoryEventStore(db: MemoryDb): EventStore {
  const all = () => db.keys("EV#").map((key) => db.get<ProgrammeEvent>(key) as ProgrammeEvent);
  const inYear = (e: ProgrammeEvent, year: number) => e.heldOn.startsWith(`${year}-`);
  const byDate = (a: ProgrammeEvent, b: ProgrammeEvent) => a.heldOn.localeCompare(b.heldOn);
  return {
    newId: () => randomUUID(),
    async find(id) {
      return db.get<ProgrammeEvent>(k(dataKeys.programmeEvent(id)));
    },
    async ofUnit(unitId, year) {
      return all()
        .filter((e) => e.unitId === unitId && inYear(e, year))
        .sort(byDate);
    },
    async ofProvince(provinceId, year) {
      return all()
        .filter((e) => e.provinceId === provinceId && inYear(e, year))
        .sort(byDate);
    },
    async save(before, next, facts, ctx, extra = []) {
      const audit = chained(auditStreams.programmeEvent(next.id), before, facts, ctx, {
        provinceId: next.provinceId,
      });
      const event: ProgrammeEvent = { ...next, auditSeq: audit.seq, auditHash: audit.hash };
      commit(
        db,
        k(dataKeys.programmeEvent(next.id)),
        before,
        event,
        audit,
        "event",
        asMemoryWrites(extra),
      );
      return { event, audit };
    },
  };
}

export function memoryReminderStore(db: MemoryDb): ReminderStore {
  return {
    async sent(period, unitIds) {
      const out = new Map<string, ReportReminderStep>();
      for (const u of unitIds) {
        const r = db.get<{ step: ReportReminderStep }>(k(dataKeys.reportReminder(period, u)));
        if (r) out.set(u, r.step);
      }
      return out;
    },
    async mark(period, unitId, from, to, at) {
      const key = k(dataKeys.reportReminder(period, unitId));
      const now = db.get<{ step: ReportReminderStep }>(key);
      if ((now?.step ?? undefined) !== from) return false;
      db.put(key, { step: to, at });
      return true;
    },
  };
}

/** Records the reminders instead of mailing them. */
export function recordingNotices(): ReportNotices & {
  sent: {
    step: ReportReminderStep;
    unitId: string;
    period: string;
    to: { unitIds: readonly string[]; roles: readonly string[] };
  }[];
} {
  const sent: {
    step: ReportReminderStep;
    unitId: string;
    period: string;
    to: { unitIds: readonly string[]; roles: readonly string[] };
  }[] = [];
  return {
    sent,
    async remind(step, report, to) {
      sent.push({ step, unitId: report.unitId, period: report.period, to });
      return true;
    },
  };
}
