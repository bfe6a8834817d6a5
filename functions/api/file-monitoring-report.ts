import { FileMonitoringReport } from "../../shared/funding/routes.ts";
import { fileMonitoringReport } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/reports: the commune reports how the money was used. */
export const { handler, lambdaHandler } = apiHandler(
  FileMonitoringReport,
  async (ctx, { params, body }) => {
    const { proposal, reportId } = await fileMonitoringReport(ctx.actor, ctx.tx, params.id, body);
    return json(201, { reportId, proposal: proposalView(proposal) });
  },
);
