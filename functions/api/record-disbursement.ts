import { dynamoDisbursementWaits } from "../../shared/funding/adapters/dynamo-disbursement-waits.ts";
import { dynamoFundingLedger } from "../../shared/funding/adapters/dynamo-funding-ledger.ts";
import { RecordDisbursement } from "../../shared/funding/routes.ts";
import { recordDisbursement } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { proposalView } from "../../shared/proposals/views.ts";
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";

const ports = {
  proposals: dynamoProposalStore,
  ledger: dynamoFundingLedger,
  waits: dynamoDisbursementWaits,
  outbox: dynamoOutbox,
};

/** POST /v1/proposals/{id}/disbursements: finance records a payment; never above the approved amount. */
export const { handler, lambdaHandler } = apiHandler(
  RecordDisbursement,
  async (ctx, { params, body }) => {
    const p = await recordDisbursement(ports, ctx.actor, ctx.tx, params.id, body);
    return json(201, proposalView(p));
  },
);
