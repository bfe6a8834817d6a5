import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { openDisbursementWait } from "../../shared/funding/use-cases/funding.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  taskToken: z.string().check(z.minLength(1)),
});

/** AwaitDisbursement: holds the token until the approved amount is paid in full. */
export const { handler, lambdaHandler } = taskHandler(
  "OpenDisbursement",
  Payload,
  async (input, at) => {
    await openDisbursementWait(input, at);
    return { waiting: true };
  },
);
