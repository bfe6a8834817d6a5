import { CloseProposal } from "../../shared/funding/routes.ts";
import { closeProposal } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { proposalView } from "../../shared/proposals/views.ts";

const ports = { proposals: dynamoProposalStore };

/** POST /v1/proposals/{id}/close: the reviewing unit closes a monitored proposal. */
export const { handler, lambdaHandler } = apiHandler(
  CloseProposal,
  async (ctx, { params, body }) => {
    const p = await closeProposal(ports, ctx.actor, ctx.tx, params.id, body.comment);
    return json(200, proposalView(p));
  },
);
