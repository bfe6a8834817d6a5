import { dynamoSettlementPorts as ports } from "../../shared/funding/adapters/dynamo-funding-ports.ts";
import { SettleProposal } from "../../shared/funding/routes.ts";
import { settleProposal } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/settlement: quyết toán, releasing the unused part of the approval. */
export const { handler, lambdaHandler } = apiHandler(
  SettleProposal,
  async (ctx, { params, body, ifMatch }) => {
    const p = await settleProposal(ports, ctx.actor, ctx.tx, params.id, body, ifMatch);
    return json(201, proposalView(p), { etag: `"${p.version}"` });
  },
);
