import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { expireReview } from "../../shared/review/use-cases/review.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.number().check(z.int(), z.minimum(1)),
});

const ports = { proposals: dynamoProposalStore, tasks: dynamoTaskStore };

/** ExpireReview: on the review's timeout the proposal returns to the commune. */
export const { handler, lambdaHandler } = taskHandler("ExpireReviewTask", Payload, (input, at) =>
  expireReview(ports, input, at),
);
