/**
 * Periodic reports (báo cáo quý; sơ kết 6 tháng; tổng kết năm) of a commune or of a province, as
 * a pure state machine. The figures are pre-filled from the counters; the unit adds the values
 * only it knows (quarterly reports) and a narrative; it submits; the level above approves (the
 * province a commune's report, the centre a province's), which locks the report; reopening an
 * approved report needs a reason. Every step is an audit event of the report's own chain.
 */
import { StateConflictError, ValidationError } from "../../kernel/errors.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { type Period, REPORT_KIND, type ReportKind } from "./periods.ts";

export type ReportStatus = "DRAFT" | "SUBMITTED" | "APPROVED" | "REOPENED";

/** A figure of the report: the indicator's value, and its disaggregations. */
export interface ReportFigure {
  value: number | null;
  target?: number;
  breakdown?: Record<string, number | null>;
}

export interface Narrative {
  /** Kết quả nổi bật. */
  results?: string;
  /** Khó khăn, vướng mắc. */
  difficulties?: string;
  /** Đề xuất, kiến nghị. */
  recommendations?: string;
}

export interface PeriodicReport {
  unitId: string;
  level: "commune" | "province";
  provinceId: string;
  /** Communes: their reviewing unit (so that it can read the report). */
  reviewUnitId?: string;
  period: string;
  kind: ReportKind;
  status: ReportStatus;
  version: number;
  /** Indicator code → figure, as pre-filled at the last submission (frozen by the approval). */
  figures: Record<string, ReportFigure>;
  /** Indicator code → value typed by the unit (quarterly reports, "entered" indicators). */
  entered: Record<string, number>;
  narrative: Narrative;
  /** The province's communes' reports when the province submitted (province reports). */
  communes?: { total: number; approved: number; submitted: number };
  submittedAt?: string;
  submittedBy?: string;
  approvedAt?: string;
  approvedBy?: string;
  /** The last return for changes. */
  returned?: { at: string; by: string; comment: string };
  reopenings: { at: string; by: string; reason: string }[];
  createdAt: string;
  updatedAt: string;
  auditSeq: number;
  auditHash: string;
}

export interface ReportChange {
  next: PeriodicReport;
  event: AuditFacts;
  /** What the change does to the counters of entered values: +1 counts them, −1 withdraws them. */
  entered?: { sign: 1 | -1; values: Record<string, number> };
}

const EDITABLE: readonly ReportStatus[] = ["DRAFT", "REOPENED"];

function requireStatus(r: PeriodicReport, allowed: readonly ReportStatus[], action: string) {
  if (!allowed.includes(r.status)) {
    throw new StateConflictError(
      `cannot ${action} a report in state ${r.status} (allowed from: ${allowed.join(", ")})`,
      r.status,
    );
  }
}

const bump = (r: PeriodicReport, ctx: TransitionContext, patch: Partial<PeriodicReport>) => ({
  ...r,
  ...patch,
  version: r.version + 1,
  updatedAt: ctx.at,
});

/** A new draft of a unit's report. */
export function newReport(
  init: {
    unitId: string;
    level: "commune" | "province";
    provinceId: string;
    reviewUnitId?: string;
    period: Period;
  },
  ctx: TransitionContext,
): PeriodicReport {
  return {
    unitId: init.unitId,
    level: init.level,
    provinceId: init.provinceId,
    ...(init.reviewUnitId ? { reviewUnitId: init.reviewUnitId } : {}),
    period: init.period.id,
    kind: REPORT_KIND[init.period.kind],
    status: "DRAFT",
    version: 0,
    figures: {},
    entered: {},
    narrative: {},
    reopenings: [],
    createdAt: ctx.at,
    updatedAt: ctx.at,
    auditSeq: 0,
    auditHash: "",
  };
}

/** Saves what the unit typed: entered values (quarterly reports only) and the narrative. */
export function editReport(
  r: PeriodicReport,
  input: { entered: Record<string, number>; narrative: Narrative },
  enterable: readonly string[],
  ctx: TransitionContext,
): ReportChange {
  requireStatus(r, EDITABLE, "edit");
  const codes = Object.keys(input.entered);
  if (codes.length > 0 && r.kind !== "quarterly") {
    throw new ValidationError("only quarterly reports take entered values", [
      { field: "entered", message: "six-monthly and annual reports sum the quarterly ones" },
    ]);
  }
  const unknown = codes.filter((c) => !enterable.includes(c));
  if (unknown.length > 0) {
    throw new ValidationError(`not an entered indicator: ${unknown.join(", ")}`, [
      { field: "entered", message: `one of ${enterable.join(", ")}` },
    ]);
  }
  return {
    next: bump(r, ctx, { entered: { ...input.entered }, narrative: { ...input.narrative } }),
    event: {
      type: r.version === 0 ? "report.created" : "report.edited",
      from: r.version === 0 ? null : r.status,
      to: r.status,
      data: { period: r.period, entered: input.entered },
    },
  };
}

/** The unit submits, with the figures as pre-filled now. */
export function submitReport(
  r: PeriodicReport,
  figures: Record<string, ReportFigure>,
  communes: PeriodicReport["communes"],
  ctx: TransitionContext,
): ReportChange {
  requireStatus(r, EDITABLE, "submit");
  return {
    next: bump(r, ctx, {
      status: "SUBMITTED",
      figures,
      ...(communes ? { communes } : {}),
      submittedAt: ctx.at,
      submittedBy: ctx.actor.id,
    }),
    event: {
      type: "report.submitted",
      from: r.status,
      to: "SUBMITTED",
      data: { period: r.period },
    },
  };
}

/** The level above approves: the report is locked; its entered values now count. */
export function approveReport(r: PeriodicReport, ctx: TransitionContext): ReportChange {
  requireStatus(r, ["SUBMITTED"], "approve");
  return {
    next: bump(r, ctx, { status: "APPROVED", approvedAt: ctx.at, approvedBy: ctx.actor.id }),
    event: { type: "report.approved", from: r.status, to: "APPROVED", data: { period: r.period } },
    entered: { sign: 1, values: r.entered },
  };
}

/** The level above sends a submitted report back for changes, with a comment. */
export function returnReport(
  r: PeriodicReport,
  comment: string,
  ctx: TransitionContext,
): ReportChange {
  requireStatus(r, ["SUBMITTED"], "return");
  if (!comment.trim()) {
    throw new ValidationError("returning a report needs a comment", [
      { field: "comment", message: "say what to change" },
    ]);
  }
  return {
    next: bump(r, ctx, {
      status: "DRAFT",
      returned: { at: ctx.at, by: ctx.actor.id, comment },
    }),
    event: { type: "report.returned", from: r.status, to: "DRAFT", reason: comment },
  };
}

/**
 * Reopens an approved report so that it can be corrected: the only way to change it, with a
 * reason, audited; its entered values stop counting until it is approved again.
 */
export function reopenReport(
  r: PeriodicReport,
  reason: string,
  ctx: TransitionContext,
): ReportChange {
  requireStatus(r, ["APPROVED"], "reopen");
  if (!reason.trim()) {
    throw new ValidationError("reopening an approved report needs a reason", [
      { field: "reason", message: "required" },
    ]);
  }
  return {
    next: bump(r, ctx, {
      status: "REOPENED",
      reopenings: [...r.reopenings, { at: ctx.at, by: ctx.actor.id, reason }],
    }),
    event: { type: "report.reopened", from: r.status, to: "REOPENED", reason },
    entered: { sign: -1, values: r.entered },
  };
}
