import { apiHandler, json } from "../../shared/http/handler.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { SubmitPeriodicReport } from "../../shared/monitoring/routes.ts";
import { submitPeriodicReport } from "../../shared/monitoring/use-cases/reports.ts";

/** POST /v1/monitoring/reports/{unitId}/{period}/submit: the unit submits (figures frozen). */
export const { handler, lambdaHandler } = apiHandler(
  SubmitPeriodicReport,
  async (ctx, { params, ifMatch }) => {
    const r = await submitPeriodicReport(
      reportPorts,
      ctx.actor,
      ctx.tx,
      params.unitId,
      params.period,
      ifMatch,
    );
    return json(200, r, { etag: `"${r.version}"` });
  },
);
