import { dynamoSettlementPorts as ports } from "../../shared/funding/adapters/dynamo-funding-ports.ts";
import { ReverseDisbursement } from "../../shared/funding/routes.ts";
import { reverseDisbursement } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/disbursements/{entry}/reversal: a compensating entry for a mistaken payment. */
export const { handler, lambdaHandler } = apiHandler(
  ReverseDisbursement,
  async (ctx, { params, body, ifMatch }) => {
    const input = { entry: Number(params.entry), reason: body.reason };
    const p = await reverseDisbursement(ports, ctx.actor, ctx.tx, params.id, input, ifMatch);
    return json(201, proposalView(p), { etag: `"${p.version}"` });
  },
);
