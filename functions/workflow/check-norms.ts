import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { checkAndReserve } from "../../shared/norms/use-cases/norms.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.optional(z.number().check(z.int(), z.minimum(1))),
});

/** CheckNorms: the legal gate; reserves against the caps atomically or returns the proposal. */
export const { handler, lambdaHandler } = taskHandler("CheckNorms", Payload, (input, at) =>
  checkAndReserve(input.proposalId, at),
);
