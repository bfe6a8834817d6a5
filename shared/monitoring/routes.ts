/**
 * Routes of the monitoring capability: dashboards (JSON and the XLSX reporting layout), the
 * indicator catalogue, targets, programme events, periodic reports and their approval; the pages
 * of each level's dashboard and report.
 */
import { defineRoute } from "../contract/define.ts";
import { EntityIdParam, idParam, UnitIdParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import {
  DashboardQuery,
  EventCorrectionInput,
  EventInput,
  EventListQuery,
  IndicatorInput,
  ReopenInput,
  ReportDecisionInput,
  ReportInput,
  ReportListQuery,
  TargetsInput,
} from "./schemas.ts";

const PeriodParam = /* @__PURE__ */ lazy(() => idParam(16, "period: 2026, 2026-H1 or 2026-Q2"));
const YearParam = /* @__PURE__ */ lazy(() => idParam(4, "year, 2021-2035"));
const CodeParam = /* @__PURE__ */ lazy(() =>
  idParam(64, "indicator code, e.g. A1.FORMAL_FINANCE_PCT"),
);
const byReport = { unitId: UnitIdParam, period: PeriodParam };

const PLACE_DOC = "the nation (VN), a province, a reviewing unit or a commune; default: your unit";
const PERIOD_DOC = "2026 (default: this year), 2026-H1 or 2026-Q2";
const dashboardDocs = {
  placeId: PLACE_DOC,
  period: PERIOD_DOC,
  format: "json (default) | xlsx (the reporting layout: indicators by rows, places by columns)",
};

export const GetMonitoringDashboard = /* @__PURE__ */ defineRoute({
  id: "GetMonitoringDashboard",
  method: "GET",
  path: "/v1/monitoring/dashboard",
  entry: "functions/api/monitoring-dashboard.ts",
  auth: "jwt",
  action: "monitoring.read",
  grants: { data: "read" },
  request: { query: DashboardQuery, queryDocs: dashboardDocs },
  doc: {
    tag: "Monitoring",
    summary: "Indicators of a place against targets, with each child place (drill-down)",
    summaryVi: "Bảng theo dõi chỉ tiêu theo cấp",
    description:
      "Values read from counters kept in the same transactions as the facts: O(children × slots) items, never a scan. A province's value sums its communes' and its own; the nation's, the provinces' and the centre's own. Targets are per year.",
  },
});

export const ListIndicators = /* @__PURE__ */ defineRoute({
  id: "ListIndicators",
  method: "GET",
  path: "/v1/monitoring/indicators",
  entry: "functions/api/monitoring-indicators.ts",
  auth: "jwt",
  action: "monitoring.read",
  grants: { data: "read" },
  doc: {
    tag: "Monitoring",
    summary: "The indicators in force, each with its written definition and formula",
    summaryVi: "Danh mục chỉ tiêu và định nghĩa",
  },
});

export const DefineIndicator = /* @__PURE__ */ defineRoute({
  id: "DefineIndicator",
  method: "PUT",
  path: "/v1/monitoring/indicators/{code}",
  entry: "functions/api/monitoring-define-indicator.ts",
  auth: "jwt",
  action: "indicator.define",
  grants: { data: "readwrite", audit: "append" },
  request: { params: { code: CodeParam }, body: IndicatorInput, ifMatch: "optional" },
  problems: ["stale-version", "conflict"],
  doc: {
    tag: "Monitoring",
    summary: "Define or edit a national indicator (central level)",
    summaryVi: "Định nghĩa chỉ tiêu quốc gia",
    description:
      "The formula reads the stored measures (GET /v1/monitoring/indicators lists the ones in use) or `{entered: true}` for a value communes type in their quarterly reports. Every version is an audit event.",
  },
});

export const PutTargets = /* @__PURE__ */ defineRoute({
  id: "PutTargets",
  method: "PUT",
  path: "/v1/monitoring/targets/{placeId}/{year}",
  entry: "functions/api/monitoring-put-targets.ts",
  auth: "jwt",
  action: "target.set",
  grants: { data: "readwrite", audit: "append" },
  request: {
    params: { placeId: UnitIdParam, year: YearParam },
    body: TargetsInput,
    ifMatch: "optional",
  },
  problems: ["stale-version", "conflict"],
  doc: {
    tag: "Monitoring",
    summary: "Set a place's targets for a year",
    summaryVi: "Giao chỉ tiêu năm",
    description:
      "The central level sets the nation's and the provinces' targets, a province its communes'. Values are merged into the stored ones; the audit event names each change.",
  },
});

export const RecordProgrammeEvent = /* @__PURE__ */ defineRoute({
  id: "RecordProgrammeEvent",
  method: "POST",
  path: "/v1/monitoring/events",
  entry: "functions/api/monitoring-record-event.ts",
  auth: "jwt",
  action: "event.record",
  grants: { data: "readwrite", audit: "append" },
  request: { body: EventInput, idempotent: true },
  successStatus: 201,
  problems: ["conflict"],
  doc: {
    tag: "Monitoring",
    summary: "Record a training, conference or communication event",
    summaryVi: "Ghi nhận tập huấn, hội nghị, truyền thông",
    description:
      "By the unit that held it (a commune, a province, the centre); participants by gender and Kinh / ethnic minority, counts only.",
  },
});

export const ListProgrammeEvents = /* @__PURE__ */ defineRoute({
  id: "ListProgrammeEvents",
  method: "GET",
  path: "/v1/monitoring/events",
  entry: "functions/api/monitoring-list-events.ts",
  auth: "jwt",
  action: "monitoring.read",
  grants: { data: "read" },
  request: {
    query: EventListQuery,
    queryDocs: {
      unitId: "the unit (default: yours); a province lists its communes' too",
      year: "2021-2035",
    },
  },
  doc: { tag: "Monitoring", summary: "Events of a unit in a year", summaryVi: "Danh sách sự kiện" },
});

export const CorrectProgrammeEvent = /* @__PURE__ */ defineRoute({
  id: "CorrectProgrammeEvent",
  method: "PUT",
  path: "/v1/monitoring/events/{id}",
  entry: "functions/api/monitoring-correct-event.ts",
  auth: "jwt",
  action: "event.record",
  grants: { data: "readwrite", audit: "append" },
  request: { params: { id: EntityIdParam }, body: EventCorrectionInput, ifMatch: "optional" },
  problems: ["stale-version"],
  doc: {
    tag: "Monitoring",
    summary: "Correct an event, with a reason (audited; the counters move by the difference)",
    summaryVi: "Sửa sự kiện",
  },
});

export const ListPeriodicReports = /* @__PURE__ */ defineRoute({
  id: "ListPeriodicReports",
  method: "GET",
  path: "/v1/monitoring/reports",
  entry: "functions/api/monitoring-list-reports.ts",
  auth: "jwt",
  action: "monitoring.read",
  grants: { data: "read" },
  request: {
    query: ReportListQuery,
    queryDocs: {
      placeId:
        "a province (its own and its communes' reports) or the nation (provinces'); default: your unit",
      period: "2026-Q2 (quarterly), 2026-H1 (sơ kết), 2026 (tổng kết)",
    },
  },
  doc: {
    tag: "Monitoring",
    summary: "The periodic reports of a place's units, by status (missing ones as NOT_STARTED)",
    summaryVi: "Tình hình nộp báo cáo",
  },
});

export const GetPeriodicReport = /* @__PURE__ */ defineRoute({
  id: "GetPeriodicReport",
  method: "GET",
  path: "/v1/monitoring/reports/{unitId}/{period}",
  entry: "functions/api/monitoring-get-report.ts",
  auth: "jwt",
  action: "monitoring.read",
  grants: { data: "read", audit: "read" },
  request: { params: byReport },
  doc: {
    tag: "Monitoring",
    summary:
      "A unit's report of a period, pre-filled from the counters until submitted, with its audit chain",
    summaryVi: "Xem báo cáo định kỳ",
    description:
      "Commune and province reports. The central level sees a commune's report once its province approved it.",
  },
});

export const SavePeriodicReport = /* @__PURE__ */ defineRoute({
  id: "SavePeriodicReport",
  method: "PUT",
  path: "/v1/monitoring/reports/{unitId}/{period}",
  entry: "functions/api/monitoring-save-report.ts",
  auth: "jwt",
  action: "periodic.edit",
  grants: { data: "readwrite", audit: "append" },
  request: {
    params: byReport,
    body: ReportInput,
    ifMatch: "optional",
    maxBodyBytes: 65_536 /* 64 KiB */,
  },
  problems: ["wrong-state", "stale-version", "conflict"],
  doc: {
    tag: "Monitoring",
    summary: "Save the draft: entered values (quarterly) and the narrative",
    summaryVi: "Lưu dự thảo báo cáo",
  },
});

export const SubmitPeriodicReport = /* @__PURE__ */ defineRoute({
  id: "SubmitPeriodicReport",
  method: "POST",
  path: "/v1/monitoring/reports/{unitId}/{period}/submit",
  entry: "functions/api/monitoring-submit-report.ts",
  auth: "jwt",
  action: "periodic.submit",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byReport, ifMatch: "optional" },
  problems: ["wrong-state", "stale-version", "conflict"],
  doc: {
    tag: "Monitoring",
    summary: "Submit the report (its figures are frozen as pre-filled now)",
    summaryVi: "Gửi báo cáo",
  },
});

export const DecidePeriodicReport = /* @__PURE__ */ defineRoute({
  id: "DecidePeriodicReport",
  method: "POST",
  path: "/v1/monitoring/reports/{unitId}/{period}/decision",
  entry: "functions/api/monitoring-decide-report.ts",
  auth: "jwt",
  action: "periodic.approve",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byReport, body: ReportDecisionInput, ifMatch: "optional" },
  problems: ["wrong-state", "stale-version"],
  doc: {
    tag: "Monitoring",
    summary: "Approve (locks the report) or return it with a comment",
    summaryVi: "Duyệt hoặc trả lại báo cáo",
    description:
      "The province decides on its communes' reports, the central level on provinces'. Approving counts the report's entered values in the same transaction.",
  },
});

export const ReopenPeriodicReport = /* @__PURE__ */ defineRoute({
  id: "ReopenPeriodicReport",
  method: "POST",
  path: "/v1/monitoring/reports/{unitId}/{period}/reopen",
  entry: "functions/api/monitoring-reopen-report.ts",
  auth: "jwt",
  action: "periodic.reopen",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byReport, body: ReopenInput, ifMatch: "optional" },
  problems: ["wrong-state", "stale-version"],
  doc: {
    tag: "Monitoring",
    summary: "Reopen an approved report for a correction (reason required, audited)",
    summaryVi: "Mở lại báo cáo đã duyệt",
  },
});

// ---------------------------------------------------------------- pages

export const WebMonitoringDashboard = /* @__PURE__ */ defineRoute({
  id: "WebMonitoringDashboard",
  method: "GET",
  path: "/app/monitoring",
  entry: "functions/web/monitoring-dashboard.ts",
  auth: "none",
  grants: { data: "read" },
  request: {
    queryDocs: {
      place: PLACE_DOC,
      period: PERIOD_DOC,
      indicator: "the indicator charted by place (default: the first headline)",
    },
  },
  doc: {
    tag: "Web",
    summary: "Dashboard page of a place: indicators against targets, chart by place, drill-down",
    summaryVi: "Trang theo dõi chỉ tiêu",
  },
});

export const WebMonitoringExport = /* @__PURE__ */ defineRoute({
  id: "WebMonitoringExport",
  method: "GET",
  path: "/app/monitoring/export",
  entry: "functions/web/monitoring-export.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { place: PLACE_DOC, period: PERIOD_DOC } },
  doc: {
    tag: "Web",
    summary: "The dashboard as XLSX in the reporting layout (signed-in page session)",
    summaryVi: "Tải biểu báo cáo (XLSX)",
  },
});

export const WebPeriodicReport = /* @__PURE__ */ defineRoute({
  id: "WebPeriodicReport",
  method: "GET",
  path: "/app/monitoring/reports/{unitId}/{period}",
  entry: "functions/web/monitoring-report.ts",
  auth: "none",
  grants: { data: "read", audit: "read" },
  request: { params: byReport },
  doc: {
    tag: "Web",
    summary: "Report page: figures, entered values, narrative; submit, approve, return, reopen",
    summaryVi: "Trang báo cáo định kỳ",
  },
});

export const WebPeriodicReportAction = /* @__PURE__ */ defineRoute({
  id: "WebPeriodicReportAction",
  method: "POST",
  path: "/app/monitoring/reports/{unitId}/{period}",
  entry: "functions/web/monitoring-report-action.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byReport, form: true },
  doc: {
    tag: "Web",
    summary: "Report page form post: save, submit, approve, return, reopen",
    summaryVi: "Gửi biểu mẫu báo cáo",
    description:
      "application/x-www-form-urlencoded with `_csrf` (bound to the session), `op` and `version`. Success: 303 back to the page.",
  },
});

export const MONITORING_ROUTES = [
  GetMonitoringDashboard,
  ListIndicators,
  DefineIndicator,
  PutTargets,
  RecordProgrammeEvent,
  ListProgrammeEvents,
  CorrectProgrammeEvent,
  ListPeriodicReports,
  GetPeriodicReport,
  SavePeriodicReport,
  SubmitPeriodicReport,
  DecidePeriodicReport,
  ReopenPeriodicReport,
  WebMonitoringDashboard,
  WebMonitoringExport,
  WebPeriodicReport,
  WebPeriodicReportAction,
];
