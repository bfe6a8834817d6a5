import { fileMonitoringReport } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { MonitoringReportInput } from "../../shared/proposals/schemas.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/reports: the commune reports how the money was used. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const report = parseJson(ctx.event.body, MonitoringReportInput, ctx.event.isBase64Encoded);
  const { proposal, reportId } = await fileMonitoringReport(
    ctx.actor,
    ctx.tx,
    ctx.path("id"),
    report,
  );
  return json(201, { reportId, proposal: proposalView(proposal) });
});
