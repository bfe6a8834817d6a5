import { apiHandler, json } from "../../shared/http/handler.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { SavePeriodicReport } from "../../shared/monitoring/routes.ts";
import { saveReport } from "../../shared/monitoring/use-cases/reports.ts";

/** PUT /v1/monitoring/reports/{unitId}/{period}: the unit saves its draft. */
export const { handler, lambdaHandler } = apiHandler(
  SavePeriodicReport,
  async (ctx, { params, body, ifMatch }) => {
    const r = await saveReport(
      reportPorts,
      ctx.actor,
      ctx.tx,
      params.unitId,
      params.period,
      body,
      ifMatch,
    );
    return json(200, r, { etag: `"${r.version}"` });
  },
);
