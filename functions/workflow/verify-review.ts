import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { verifyReviewOutcome } from "../../shared/workflow/use-cases/verify-review.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.number().check(z.int(), z.minimum(1)),
  review: z.unknown(),
});

const ports = { proposals: dynamoProposalStore, tasks: dynamoTaskStore };

/** VerifyReview: the review's callback is believed only if the task and the proposal agree. */
export const { handler, lambdaHandler } = taskHandler("VerifyReviewOutcome", Payload, (input) =>
  verifyReviewOutcome(ports, input),
);
