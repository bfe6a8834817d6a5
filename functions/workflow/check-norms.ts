import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { dynamoIndicatorLedger } from "../../shared/monitoring/adapters/dynamo-indicator-ledger.ts";
import {
  dynamoNormCheckLog,
  dynamoNormSets,
  dynamoNormUsage,
} from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { checkAndReserve } from "../../shared/norms/use-cases/check-and-reserve.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.optional(z.number().check(z.int(), z.minimum(1))),
});

const ports = {
  proposals: dynamoProposalStore,
  normSets: dynamoNormSets,
  usage: dynamoNormUsage,
  checks: dynamoNormCheckLog,
  indicators: dynamoIndicatorLedger,
};

/** CheckNorms: the legal gate; reserves against the caps atomically or returns the proposal. */
export const { handler, lambdaHandler } = taskHandler("CheckNorms", Payload, (input, at) =>
  checkAndReserve(ports, input.proposalId, at),
);
