import { apiHandler, json } from "../../shared/http/handler.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { ListPeriodicReports } from "../../shared/monitoring/routes.ts";
import { listReports } from "../../shared/monitoring/use-cases/reports.ts";

/** GET /v1/monitoring/reports: which units have reported for a period. */
export const { handler, lambdaHandler } = apiHandler(ListPeriodicReports, async (ctx, { query }) =>
  json(200, await listReports(reportPorts, ctx.actor, query, ctx.tx.at)),
);
