import { toXlsx } from "../../shared/audit/domain/export/xlsx.ts";
import { type ApiResult, apiHandler, json } from "../../shared/http/handler.ts";
import { dashboardPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { exportLayout } from "../../shared/monitoring/domain/layout.ts";
import { GetMonitoringDashboard } from "../../shared/monitoring/routes.ts";
import { readDashboard } from "../../shared/monitoring/use-cases/dashboard.ts";

/** GET /v1/monitoring/dashboard: a place's indicators against targets, JSON or the XLSX layout. */
export const { handler, lambdaHandler } = apiHandler(
  GetMonitoringDashboard,
  async (ctx, { query }) => {
    const d = await readDashboard(dashboardPorts, ctx.actor, query, ctx.tx.at);
    if (query.format !== "xlsx") return json(200, d);
    const x = exportLayout(d);
    const file: ApiResult = {
      statusCode: 200,
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="chi-tieu-${d.place.id}-${d.period.id}.xlsx"`,
      },
      body: toXlsx(x.sheet, x.header, x.rows).toString("base64"),
      isBase64Encoded: true,
    };
    return file;
  },
);
