import { apiHandler, json } from "../../shared/http/handler.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { DecidePeriodicReport } from "../../shared/monitoring/routes.ts";
import { decideReport } from "../../shared/monitoring/use-cases/reports.ts";

/** POST /v1/monitoring/reports/{unitId}/{period}/decision: the level above approves or returns. */
export const { handler, lambdaHandler } = apiHandler(
  DecidePeriodicReport,
  async (ctx, { params, body, ifMatch }) => {
    const r = await decideReport(
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
