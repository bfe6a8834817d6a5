import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { CancelProposal } from "../../shared/proposals/routes.ts";
import { cancelProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";

/**
 * POST /v1/proposals/{id}/cancel: the commune withdraws a draft or returned proposal; any
 * execution its submission still has is stopped.
 */
export const { handler, lambdaHandler } = apiHandler(
  CancelProposal,
  async (ctx, { params, body }) => {
    const p = await cancelProposal(
      { proposals: dynamoProposalStore, workflow: sfnWorkflow },
      ctx.actor,
      ctx.tx,
      params.id,
      body.reason,
    );
    return json(200, proposalView(p));
  },
);
