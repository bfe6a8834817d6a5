import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { dynamoDisbursementWaits } from "../../shared/funding/adapters/dynamo-disbursement-waits.ts";
import { mailFundingNotices } from "../../shared/funding/adapters/mail-funding-notices.ts";
import { openDisbursementWait } from "../../shared/funding/use-cases/funding.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  taskToken: z.string().check(z.minLength(1)),
});

const ports = {
  proposals: dynamoProposalStore,
  waits: dynamoDisbursementWaits,
  workflow: sfnWorkflow,
  notices: mailFundingNotices,
};

/** AwaitDisbursement: holds the token until the approved amount is paid in full (or settled). */
export const { handler, lambdaHandler } = taskHandler(
  "OpenDisbursement",
  Payload,
  async (input, at) => {
    await openDisbursementWait(ports, input, at);
    return { waiting: true };
  },
);
