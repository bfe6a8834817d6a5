import { toXlsx } from "../../shared/audit/domain/export/xlsx.ts";
import { dashboardPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { exportLayout } from "../../shared/monitoring/domain/layout.ts";
import { WebMonitoringExport } from "../../shared/monitoring/routes.ts";
import { readDashboard } from "../../shared/monitoring/use-cases/dashboard.ts";
import { pageHandler } from "../../shared/web/handler.ts";

/** GET /app/monitoring/export: the dashboard of a place as an XLSX in the reporting layout. */
export const { handler, lambdaHandler } = pageHandler(WebMonitoringExport, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const d = await readDashboard(
    dashboardPorts,
    s.actor,
    { placeId: ctx.query("place") || s.actor.unitId, period: ctx.query("period") || undefined },
    ctx.now,
  );
  const x = exportLayout(d);
  return {
    statusCode: 200,
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="chi-tieu-${d.place.id}-${d.period.id}.xlsx"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
    body: toXlsx(x.sheet, x.header, x.rows).toString("base64"),
    isBase64Encoded: true,
  };
});
