import { verifyChain } from "../../shared/audit/domain/chain.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { GetPeriodicReport } from "../../shared/monitoring/routes.ts";
import { readReport, reportHistory } from "../../shared/monitoring/use-cases/reports.ts";

/** GET /v1/monitoring/reports/{unitId}/{period}: the report (pre-filled until submitted) and its chain. */
export const { handler, lambdaHandler } = apiHandler(GetPeriodicReport, async (ctx, { params }) => {
  const view = await readReport(reportPorts, ctx.actor, params.unitId, params.period, ctx.tx.at);
  const events = await reportHistory(
    reportPorts,
    ctx.actor,
    params.unitId,
    params.period,
    ctx.tx.at,
  );
  const version = "version" in view.report ? view.report.version : 0;
  return json(
    200,
    { ...view, history: { events, chain: verifyChain(events) } },
    { etag: `"${version}"` },
  );
});
