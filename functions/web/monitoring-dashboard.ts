import { can } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { NATION_ID } from "../../shared/kernel/types.ts";
import { dashboardPorts, reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import type { PlaceInfo } from "../../shared/monitoring/domain/dashboard.ts";
import { FIRST_YEAR, lastEndedPeriod, localDate } from "../../shared/monitoring/domain/periods.ts";
import { WebMonitoringDashboard } from "../../shared/monitoring/routes.ts";
import { indicatorsInForce, readDashboard } from "../../shared/monitoring/use-cases/dashboard.ts";
import { infoOf, scopeOf } from "../../shared/monitoring/use-cases/places.ts";
import { listReports } from "../../shared/monitoring/use-cases/reports.ts";
import { dashboardPage } from "../../shared/monitoring/views/dashboard-page.ts";
import { tx } from "../../shared/monitoring/views/format.ts";
import { pageHandler } from "../../shared/web/handler.ts";

/** GET /app/monitoring: a place's dashboard for the signed-in reader (nation, province, unit, commune). */
export const { handler, lambdaHandler } = pageHandler(WebMonitoringDashboard, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const today = localDate(ctx.now);
  const d = await readDashboard(
    dashboardPorts,
    s.actor,
    { placeId: ctx.query("place") || s.actor.unitId, period: ctx.query("period") || undefined },
    ctx.now,
  );
  // Breadcrumbs: the levels above that this reader may open.
  const trail: PlaceInfo[] = [];
  const unit = await dynamoDirectory.findUnit(d.place.id);
  const above = [
    NATION_ID,
    ...(unit && unit.kind !== "province" && unit.kind !== "nation" ? [unit.provinceId] : []),
  ];
  for (const id of d.place.level === "nation" ? [] : above) {
    const u = await dynamoDirectory.findUnit(id);
    if (u && can(s.actor, "monitoring.read", scopeOf(u))) trail.push(infoOf(u));
  }
  const ended = d.period.to <= today ? d.period : lastEndedPeriod(today, "quarter");
  const listed = await listReports(
    reportPorts,
    s.actor,
    { placeId: d.place.id, period: ended.id },
    ctx.now,
  );
  const year = Number(today.slice(0, 4));
  const page = dashboardPage({
    lang: ctx.lang,
    d,
    defs: await indicatorsInForce(dashboardPorts),
    trail,
    indicator: ctx.query("indicator") ?? "",
    years: Array.from({ length: year - FIRST_YEAR + 1 }, (_, i) => year - i),
    mayOpen: () => true,
    reports: {
      period: listed.period,
      dueOn: listed.dueOn,
      rows: listed.reports.map((r) => ({
        unitId: r.unitId,
        name: tx(ctx.lang, r.name),
        status: r.status,
      })),
    },
  });
  return ctx.page(200, page.title, page.body);
});
