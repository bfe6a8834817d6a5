import { apiHandler, json } from "../../shared/http/handler.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { ReopenPeriodicReport } from "../../shared/monitoring/routes.ts";
import { reopenPeriodicReport } from "../../shared/monitoring/use-cases/reports.ts";

/** POST /v1/monitoring/reports/{unitId}/{period}/reopen: reopens an approved report, with a reason. */
export const { handler, lambdaHandler } = apiHandler(
  ReopenPeriodicReport,
  async (ctx, { params, body, ifMatch }) => {
    const r = await reopenPeriodicReport(
      reportPorts,
      ctx.actor,
      ctx.tx,
      params.unitId,
      params.period,
      body.reason,
      ifMatch,
    );
    return json(200, r, { etag: `"${r.version}"` });
  },
);
