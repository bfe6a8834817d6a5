import { dynamoSettlementPorts as ports } from "../../shared/funding/adapters/dynamo-funding-ports.ts";
import { RecordRefund } from "../../shared/funding/routes.ts";
import { recordRefund } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/refunds: the beneficiary paid back what was paid above the settlement. */
export const { handler, lambdaHandler } = apiHandler(
  RecordRefund,
  async (ctx, { params, body, ifMatch }) => {
    const p = await recordRefund(ports, ctx.actor, ctx.tx, params.id, body, ifMatch);
    return json(201, proposalView(p), { etag: `"${p.version}"` });
  },
);
