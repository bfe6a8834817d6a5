import { dynamoFundingLedger } from "../../shared/funding/adapters/dynamo-funding-ledger.ts";
import { FileMonitoringReport } from "../../shared/funding/routes.ts";
import { fileMonitoringReport } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { proposalView } from "../../shared/proposals/views.ts";

const ports = { proposals: dynamoProposalStore, ledger: dynamoFundingLedger };

/** POST /v1/proposals/{id}/reports: the commune reports how the money was used. */
export const { handler, lambdaHandler } = apiHandler(
  FileMonitoringReport,
  async (ctx, { params, body }) => {
    const { proposal, reportId } = await fileMonitoringReport(
      ports,
      ctx.actor,
      ctx.tx,
      params.id,
      body,
    );
    return json(201, { reportId, proposal: proposalView(proposal) });
  },
);
