import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { GetProposalHistory } from "../../shared/proposals/routes.ts";
import { proposalHistoryFor } from "../../shared/proposals/use-cases/read-proposal.ts";

/** GET /v1/proposals/{id}/history: the audit events of a proposal in order, with the chain verdict. */
export const { handler, lambdaHandler } = apiHandler(GetProposalHistory, async (ctx, { params }) =>
  json(200, await proposalHistoryFor({ proposals: dynamoProposalStore }, ctx.actor, params.id)),
);
