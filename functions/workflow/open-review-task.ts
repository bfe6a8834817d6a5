import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { openReviewTask } from "../../shared/review/use-cases/review.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.number().check(z.int(), z.minimum(1)),
  taskToken: z.string().check(z.minLength(1)),
  executionArn: z.optional(z.string()),
});

/** OpenReview: creates the review task (holding the token) and notifies the reviewing unit. */
export const { handler, lambdaHandler } = taskHandler(
  "OpenReviewTask",
  Payload,
  async (input, at) => {
    const task = await openReviewTask(input, at);
    return { taskId: task.id, dueAt: task.dueAt };
  },
);
