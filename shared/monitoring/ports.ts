/** What the monitoring capability needs from storage. DynamoDB and in-memory adapters implement it. */
import type { AuditEvent } from "../audit/domain/chain.ts";
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { AuditFacts } from "../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import type { IndicatorDelta } from "./domain/deltas.ts";
import type { ProgrammeEvent } from "./domain/events.ts";
import type { IndicatorDefinition } from "./domain/indicators.ts";
import type { ReportReminderStep } from "./domain/reminders.ts";
import type { PeriodicReport, ReportChange } from "./domain/report.ts";

/**
 * Keeps the counters of the indicators. The use cases that write facts (an approval, a payment,
 * a settlement, a registry change, an event, a report's approval) stage the deltas of their fact
 * here and commit them with the fact: the counters are never a read-time scan, never behind.
 */
export interface IndicatorLedger {
  /** The counter updates (ADDs) of the deltas, merged per item, for the fact's transaction. */
  stage(deltas: readonly IndicatorDelta[]): PendingWrite[];
}

export interface CellRow {
  placeId: string;
  year: number;
  slot: string;
  counters: Record<string, number>;
}

export interface NowRow {
  placeId: string;
  counters: Record<string, number>;
}

/** Reads the counters: always by key or one partition, never a scan. */
export interface AggregateReader {
  /** Every cell of a parent's partition for the year in the slots (one Query per slot). */
  children(parentId: string, year: number, slots: readonly string[]): Promise<CellRow[]>;
  /** Every running total of a parent's children. */
  childrenNow(parentId: string): Promise<NowRow[]>;
  /** One place's cells (by key). */
  cells(
    parentId: string,
    placeId: string,
    slots: readonly { year: number; slot: string }[],
  ): Promise<CellRow[]>;
  /** One place's running totals (by key). */
  now(parentId: string, placeId: string): Promise<NowRow | undefined>;
}

export interface TargetRecord {
  placeId: string;
  parentId: string;
  year: number;
  targets: Record<string, number>;
  version: number;
  auditSeq: number;
  auditHash: string;
  updatedAt: string;
  updatedBy: string;
}

export interface TargetStore {
  /** Every child's targets of the year (one Query). */
  ofChildren(parentId: string, year: number): Promise<TargetRecord[]>;
  find(parentId: string, year: number, placeId: string): Promise<TargetRecord | undefined>;
  /** The targets and the audit event, atomically, conditioned on the version read. */
  save(
    before: TargetRecord | undefined,
    next: TargetRecord,
    event: AuditFacts,
    ctx: TransitionContext,
    scope: AuditScope,
  ): Promise<AuditEvent>;
}

export interface IndicatorStore {
  /** The stored definitions (the central level's edits and additions). */
  list(): Promise<IndicatorDefinition[]>;
  find(
    code: string,
  ): Promise<(IndicatorDefinition & { auditSeq: number; auditHash: string }) | undefined>;
  save(
    before: (IndicatorDefinition & { auditSeq: number; auditHash: string }) | undefined,
    next: IndicatorDefinition,
    event: AuditFacts,
    ctx: TransitionContext,
  ): Promise<AuditEvent>;
}

export interface AuditScope {
  provinceId?: string;
  reviewUnitId?: string;
  communeId?: string;
}

/** The parent partition a unit's report is listed in: a commune's province, a province's nation. */
export interface ReportRef {
  parentId: string;
  unitId: string;
  period: string;
}

export interface ReportStore {
  find(ref: ReportRef): Promise<PeriodicReport | undefined>;
  /** Every report of a parent's units for a period (one Query). */
  ofParent(parentId: string, period: string): Promise<PeriodicReport[]>;
  /**
   * The change and its audit event, atomically, conditioned on the version read (absence for a
   * new report), with staged writes (the counters of entered values). StaleVersionError on a race.
   */
  save(
    ref: ReportRef,
    before: PeriodicReport | undefined,
    change: ReportChange,
    ctx: TransitionContext,
    extra?: readonly PendingWrite[],
  ): Promise<{ report: PeriodicReport; event: AuditEvent }>;
  history(ref: ReportRef): Promise<AuditEvent[]>;
}

export interface EventStore {
  newId(): string;
  find(id: string): Promise<ProgrammeEvent | undefined>;
  /** A unit's events of a year, by date (index). */
  ofUnit(unitId: string, year: number): Promise<ProgrammeEvent[]>;
  /** A province's events (its own and its communes') of a year, by date (index). */
  ofProvince(provinceId: string, year: number): Promise<ProgrammeEvent[]>;
  save(
    before: ProgrammeEvent | undefined,
    next: ProgrammeEvent,
    event: AuditFacts,
    ctx: TransitionContext,
    extra?: readonly PendingWrite[],
  ): Promise<{ event: ProgrammeEvent; audit: AuditEvent }>;
}

export interface ReminderStore {
  /** The last step sent for each unit's report of the period. */
  sent(period: string, unitIds: readonly string[]): Promise<Map<string, ReportReminderStep>>;
  /** Records a step, only if it moves forward (false: another sweep sent it). */
  mark(
    period: string,
    unitId: string,
    from: ReportReminderStep | undefined,
    to: ReportReminderStep,
    at: string,
  ): Promise<boolean>;
}

/** Sends report reminders; never throws (false when nothing could be sent). */
export interface ReportNotices {
  remind(
    step: ReportReminderStep,
    report: {
      unitId: string;
      unitName: string;
      level: "commune" | "province";
      period: string;
      dueOn: string;
    },
    to: { unitIds: readonly string[]; roles: readonly string[] },
  ): Promise<boolean>;
}
