import { authorize, can, type ScopedActor } from "../../access/policy.ts";
import {
  ForbiddenError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { Dashboard } from "../domain/dashboard.ts";
import { enteredDeltas } from "../domain/deltas.ts";
import type { IndicatorDefinition } from "../domain/indicators.ts";
import { localDate, type Period, reportDueOn } from "../domain/periods.ts";
import {
  approveReport,
  editReport,
  type Narrative,
  newReport,
  type PeriodicReport,
  type ReportChange,
  type ReportFigure,
  reopenReport,
  returnReport,
  submitReport,
} from "../domain/report.ts";
import type { IndicatorLedger, ReportRef, ReportStore } from "../ports.ts";
import { type DashboardPorts, indicatorsInForce, loadDashboard, periodOf } from "./dashboard.ts";
import { childrenOf, factPlace, parentOfUnit, type ResolvedPlace, resolvePlace } from "./places.ts";

export interface ReportPorts extends DashboardPorts {
  reports: ReportStore;
  ledger: IndicatorLedger;
}

/** Indicators a unit types in its quarterly report (communes only: provinces sum theirs). */
export function enterableCodes(
  defs: readonly IndicatorDefinition[],
  place: ResolvedPlace,
  p: Period,
): string[] {
  if (place.unit.kind !== "commune" || p.kind !== "quarter") return [];
  return defs.filter((d) => "entered" in d.formula).map((d) => d.code);
}

/** The report's figures from a dashboard of its unit: every indicator, with its breakdown. */
export function figuresOf(d: Dashboard): Record<string, ReportFigure> {
  return Object.fromEntries(
    d.indicators.map((i) => [
      i.code,
      {
        value: i.value,
        ...(i.target !== undefined ? { target: i.target } : {}),
        ...(i.breakdown.length > 0
          ? {
              breakdown: Object.fromEntries(
                i.breakdown.flatMap((b) =>
                  b.values.map((v) => [`${b.dimension}=${v.value}`, v.figure]),
                ),
              ),
            }
          : {}),
      },
    ]),
  );
}

async function reportPlace(ports: ReportPorts, unitId: string): Promise<ResolvedPlace> {
  const place = await resolvePlace(ports.directory, unitId);
  if (place.unit.kind !== "commune" && place.unit.kind !== "province") {
    throw new ValidationError("periodic reports are filed by communes and provinces", [
      { field: "unitId", message: "a commune or a province" },
    ]);
  }
  return place;
}

const refOf = (place: ResolvedPlace, period: Period): ReportRef => ({
  parentId: parentOfUnit(place.unit),
  unitId: place.unit.id,
  period: period.id,
});

export interface ReportView {
  report: PeriodicReport | (Omit<PeriodicReport, "status"> & { status: "NOT_STARTED" });
  /** Frozen figures once submitted; live figures (pre-filled from the counters) before. */
  figures: Record<string, ReportFigure>;
  live: boolean;
  dueOn: string;
  enterable: string[];
  /** Province reports: the communes' reports of the period, by status. */
  communes?: { unitId: string; name: string; status: string }[];
}

/**
 * The national level sees a commune's report once its province approved it ("then visible
 * nationally"); drafts and submissions stay between the commune and its province.
 */
function mayRead(actor: ScopedActor, place: ResolvedPlace, r: PeriodicReport | undefined): boolean {
  if (!can(actor, "monitoring.read", place.scope)) return false;
  if (actor.role === "central_officer" && place.unit.kind === "commune")
    return r?.status === "APPROVED";
  return true;
}

async function communesOf(ports: ReportPorts, place: ResolvedPlace, period: Period) {
  if (place.unit.kind !== "province") return undefined;
  const [communes, reports] = await Promise.all([
    childrenOf(ports.directory, place),
    ports.reports.ofParent(place.unit.id, period.id),
  ]);
  const status = new Map(reports.map((r) => [r.unitId, r.status]));
  return communes.map((c) => ({
    unitId: c.id,
    name: c.nameVi,
    status: status.get(c.id) ?? "NOT_STARTED",
  }));
}

/** A unit's report of a period: stored, or a draft pre-filled from the counters. */
export async function readReport(
  ports: ReportPorts,
  actor: ScopedActor,
  unitId: string,
  periodId: string,
  now: string,
): Promise<ReportView> {
  const place = await reportPlace(ports, unitId);
  const period = periodOf(periodId, now);
  const stored = await ports.reports.find(refOf(place, period));
  if (!mayRead(actor, place, stored)) {
    if (can(actor, "monitoring.read", place.scope))
      throw new NotFoundError(`the report of ${unitId} for ${period.id} is not approved yet`);
    throw new ForbiddenError(`role ${actor.role} may not read this report`);
  }
  const defs = await indicatorsInForce(ports);
  const frozen = stored && (stored.status === "SUBMITTED" || stored.status === "APPROVED");
  const figures = frozen
    ? stored.figures
    : figuresOf(await loadDashboard(ports, place, period, now, defs));
  const communes = await communesOf(ports, place, period);
  const draft = newReport(
    {
      unitId,
      level: place.unit.kind === "commune" ? "commune" : "province",
      provinceId: place.unit.provinceId,
      ...(place.reviewUnitId ? { reviewUnitId: place.reviewUnitId } : {}),
      period,
    },
    { actor: { id: "system", role: "system", unitId: "" }, channel: "system", at: now },
  );
  return {
    report: stored ?? { ...draft, status: "NOT_STARTED" },
    figures,
    live: !frozen,
    dueOn: reportDueOn(period),
    enterable: enterableCodes(defs, place, period),
    ...(communes ? { communes } : {}),
  };
}

async function loadForChange(
  ports: ReportPorts,
  actor: ScopedActor,
  action: "periodic.edit" | "periodic.submit" | "periodic.approve" | "periodic.reopen",
  unitId: string,
  periodId: string,
  tx: TransitionContext,
  ifMatch?: number,
) {
  const place = await reportPlace(ports, unitId);
  authorize(actor, action, place.scope);
  const period = periodOf(periodId, tx.at);
  const ref = refOf(place, period);
  const before = await ports.reports.find(ref);
  if (before && ifMatch !== undefined && ifMatch !== before.version) {
    throw new StaleVersionError(
      `the report changed meanwhile (now version ${before.version}); reload and retry`,
      before.version,
    );
  }
  const base =
    before ??
    newReport(
      {
        unitId,
        level: place.unit.kind === "commune" ? "commune" : "province",
        provinceId: place.unit.provinceId,
        ...(place.reviewUnitId ? { reviewUnitId: place.reviewUnitId } : {}),
        period,
      },
      tx,
    );
  return { place, period, ref, before, base };
}

async function commit(
  ports: ReportPorts,
  ctx: { place: ResolvedPlace; period: Period; ref: ReportRef; before: PeriodicReport | undefined },
  change: ReportChange,
  tx: TransitionContext,
): Promise<PeriodicReport> {
  const extra =
    change.entered && ctx.period.kind === "quarter"
      ? ports.ledger.stage(
          enteredDeltas(
            factPlace(ctx.place.unit),
            ctx.period,
            Object.fromEntries(
              Object.entries(change.entered.values).map(([c, v]) => [
                c,
                v * (change.entered?.sign ?? 1),
              ]),
            ),
          ),
        )
      : [];
  return (await ports.reports.save(ctx.ref, ctx.before, change, tx, extra)).report;
}

/**
 * The unit saves its draft (entered values, narrative).
 * 1. authorize periodic.edit on the unit; 2. the draft (new, or the stored one at the If-Match
 *    version) accepts the change; 3. one transaction: report + audit event.
 */
export async function saveReport(
  ports: ReportPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  unitId: string,
  periodId: string,
  input: { entered: Record<string, number>; narrative: Narrative },
  ifMatch?: number,
): Promise<PeriodicReport> {
  const c = await loadForChange(ports, actor, "periodic.edit", unitId, periodId, tx, ifMatch);
  const defs = await indicatorsInForce(ports);
  return commit(
    ports,
    c,
    editReport(c.base, input, enterableCodes(defs, c.place, c.period), tx),
    tx,
  );
}

/**
 * The unit submits: the figures are pre-filled from the counters as of now and frozen in the
 * report; a province's report also records how many of its communes' reports are in.
 * A period's report can be submitted from the period's last day.
 */
export async function submitPeriodicReport(
  ports: ReportPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  unitId: string,
  periodId: string,
  ifMatch?: number,
): Promise<PeriodicReport> {
  const c = await loadForChange(ports, actor, "periodic.submit", unitId, periodId, tx, ifMatch);
  if (localDate(tx.at) < c.period.to) {
    throw new ValidationError(
      `the period ${c.period.id} ends on ${c.period.to}; submit its report from then on`,
      [{ field: "period", message: "not ended yet" }],
    );
  }
  const figures = figuresOf(await loadDashboard(ports, c.place, c.period, tx.at));
  const communes = await communesOf(ports, c.place, c.period);
  const summary = communes
    ? {
        total: communes.length,
        approved: communes.filter((x) => x.status === "APPROVED").length,
        submitted: communes.filter((x) => x.status === "SUBMITTED").length,
      }
    : undefined;
  return commit(ports, c, submitReport(c.base, figures, summary, tx), tx);
}

/**
 * The level above decides: approve (locks the report; its entered values start counting in the
 * same transaction) or return with a comment. The province decides on its communes' reports,
 * the centre on provinces'.
 */
export async function decideReport(
  ports: ReportPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  unitId: string,
  periodId: string,
  decision: { decision: "approve" | "return"; comment?: string },
  ifMatch?: number,
): Promise<PeriodicReport> {
  const c = await loadForChange(ports, actor, "periodic.approve", unitId, periodId, tx, ifMatch);
  if (!c.before) throw new NotFoundError(`no report of ${unitId} for ${c.period.id} was submitted`);
  const change =
    decision.decision === "approve"
      ? approveReport(c.before, tx)
      : returnReport(c.before, decision.comment ?? "", tx);
  return commit(ports, c, change, tx);
}

/**
 * Reopens an approved report for a correction, with a reason (audited; its entered values stop
 * counting until it is approved again). The only way an approved report changes.
 */
export async function reopenPeriodicReport(
  ports: ReportPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  unitId: string,
  periodId: string,
  reason: string,
  ifMatch?: number,
): Promise<PeriodicReport> {
  const c = await loadForChange(ports, actor, "periodic.reopen", unitId, periodId, tx, ifMatch);
  if (!c.before) throw new NotFoundError(`no report of ${unitId} for ${c.period.id}`);
  return commit(ports, c, reopenReport(c.before, reason, tx), tx);
}

/** A report's audit events with the chain's verdict. */
export async function reportHistory(
  ports: ReportPorts,
  actor: ScopedActor,
  unitId: string,
  periodId: string,
  now: string,
) {
  const place = await reportPlace(ports, unitId);
  const period = periodOf(periodId, now);
  const ref = refOf(place, period);
  if (!mayRead(actor, place, await ports.reports.find(ref)))
    throw new ForbiddenError(`role ${actor.role} may not read this report's history`);
  return ports.reports.history(ref);
}

/**
 * The reports of a place's units for a period: a province lists its communes' (and its own), the
 * nation lists provinces'. Units without a report are listed as NOT_STARTED.
 */
export async function listReports(
  ports: ReportPorts,
  actor: ScopedActor,
  q: { placeId?: string; period: string },
  now: string,
) {
  const place = await resolvePlace(ports.directory, q.placeId ?? actor.unitId);
  authorize(actor, "monitoring.read", place.scope);
  const period = periodOf(q.period, now);
  const units =
    place.unit.kind === "commune" ? [place.unit] : await childrenOf(ports.directory, place);
  const partitions = new Set(units.map((u) => parentOfUnit(u)));
  if (place.unit.kind === "province") partitions.add(parentOfUnit(place.unit));
  const stored = (
    await Promise.all([...partitions].map((p) => ports.reports.ofParent(p, period.id)))
  ).flat();
  const byUnit = new Map(stored.map((r) => [r.unitId, r]));
  const listed = place.unit.kind === "province" ? [place.unit, ...units] : units;
  return {
    period: period.id,
    dueOn: reportDueOn(period),
    reports: listed.map((u) => {
      const r = byUnit.get(u.id);
      const hidden =
        actor.role === "central_officer" && u.kind === "commune" && r?.status !== "APPROVED";
      return {
        unitId: u.id,
        name: { vi: u.nameVi, en: u.nameEn },
        level: u.kind,
        status: hidden ? (r ? "IN_PROGRESS" : "NOT_STARTED") : (r?.status ?? "NOT_STARTED"),
        ...(r && !hidden
          ? { version: r.version, submittedAt: r.submittedAt, approvedAt: r.approvedAt }
          : {}),
      };
    }),
  };
}
