import { can } from "../../shared/access/policy.ts";
import { verifyChain } from "../../shared/audit/domain/chain.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { localDate, parsePeriod } from "../../shared/monitoring/domain/periods.ts";
import { WebPeriodicReport } from "../../shared/monitoring/routes.ts";
import { indicatorsInForce } from "../../shared/monitoring/use-cases/dashboard.ts";
import { resolvePlace } from "../../shared/monitoring/use-cases/places.ts";
import { readReport, reportHistory } from "../../shared/monitoring/use-cases/reports.ts";
import { m } from "../../shared/monitoring/views/messages.ts";
import { reportPage } from "../../shared/monitoring/views/report-page.ts";
import { type PageCtx, type PageResult, pageHandler } from "../../shared/web/handler.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

const EDITABLE = ["NOT_STARTED", "DRAFT", "REOPENED"];

/** Renders the report page for the signed-in reader, with the actions their role allows now. */
export async function renderReportPage(
  ctx: PageCtx,
  s: WebSession,
  unitId: string,
  period: string,
  status = 200,
  notice?: { text: string; kind: "ok" | "error" },
): Promise<PageResult> {
  const view = await readReport(reportPorts, s.actor, unitId, period, ctx.now);
  const [place, history, defs] = await Promise.all([
    resolvePlace(reportPorts.directory, unitId),
    reportHistory(reportPorts, s.actor, unitId, period, ctx.now),
    indicatorsInForce(reportPorts),
  ]);
  const st = view.report.status;
  const ended = localDate(ctx.now) >= (parsePeriod(period)?.to ?? "9999");
  const action = `/app/monitoring/reports/${encodeURIComponent(unitId)}/${encodeURIComponent(period)}`;
  const page = reportPage({
    lang: ctx.lang,
    view,
    unitName: place.info.name,
    defs,
    may: {
      edit: EDITABLE.includes(st) && can(s.actor, "periodic.edit", place.scope),
      submit: EDITABLE.includes(st) && ended && can(s.actor, "periodic.submit", place.scope),
      approve: st === "SUBMITTED" && can(s.actor, "periodic.approve", place.scope),
      reopen: st === "APPROVED" && can(s.actor, "periodic.reopen", place.scope),
    },
    csrf: csrfToken(s, action),
    action,
    history,
    chain: verifyChain(history),
    ...(notice
      ? { notice }
      : ctx.query("done")
        ? { notice: { text: m(ctx.lang, "saved"), kind: "ok" } }
        : {}),
  });
  return ctx.page(status, page.title, page.body);
}

/** GET /app/monitoring/reports/{unitId}/{period}: a unit's periodic report. */
export const { handler, lambdaHandler } = pageHandler(WebPeriodicReport, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  return renderReportPage(ctx, s, ctx.path("unitId"), ctx.path("period"));
});
