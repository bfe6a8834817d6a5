import { dynamoSettlementPorts as ports } from "../../shared/funding/adapters/dynamo-funding-ports.ts";
import { RecordDisbursement } from "../../shared/funding/routes.ts";
import { recordDisbursement } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/disbursements: finance records a payment; never above the approved amount. */
export const { handler, lambdaHandler } = apiHandler(
  RecordDisbursement,
  async (ctx, { params, body, ifMatch }) => {
    const p = await recordDisbursement(ports, ctx.actor, ctx.tx, params.id, body, ifMatch);
    return json(201, proposalView(p), { etag: `"${p.version}"` });
  },
);
