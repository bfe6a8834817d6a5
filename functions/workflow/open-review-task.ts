import * as z from "zod";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { openReviewTask } from "../../shared/use-cases/review.ts";

const Payload = z.object({
  proposalId: z.string().min(1),
  submissionNo: z.number().int().min(1),
  taskToken: z.string().min(1),
  executionArn: z.string().optional(),
});

/** OpenReview: creates the review task (holding the token) and notifies the reviewing unit. */
export const { handler, lambdaHandler } = taskHandler("OpenReviewTask", Payload, async (input, at) => {
  const task = await openReviewTask(input, at);
  return { taskId: task.id, dueAt: task.dueAt };
});
