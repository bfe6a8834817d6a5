/** The funding use cases' ports on DynamoDB and Step Functions, composed once for the handlers. */
import { dynamoIndicatorLedger } from "../../monitoring/adapters/dynamo-indicator-ledger.ts";
import { dynamoNormSets, dynamoNormUsage } from "../../norms/adapters/dynamo-norm-ports.ts";
import { dynamoProposalStore } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { dynamoOutbox } from "../../workflow/adapters/outbox.ts";
import { dynamoDisbursementWaits } from "./dynamo-disbursement-waits.ts";
import { dynamoFundingLedger } from "./dynamo-funding-ledger.ts";

export const dynamoSettlementPorts = {
  proposals: dynamoProposalStore,
  ledger: dynamoFundingLedger,
  waits: dynamoDisbursementWaits,
  outbox: dynamoOutbox,
  normSets: dynamoNormSets,
  usage: dynamoNormUsage,
  indicators: dynamoIndicatorLedger,
};
