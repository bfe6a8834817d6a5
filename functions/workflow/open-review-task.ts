import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { appLinks } from "../../shared/notifications/adapters/app-links.ts";
import { sesMailer } from "../../shared/notifications/adapters/mailer.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoLinkStore } from "../../shared/review/adapters/dynamo-link-store.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { openReviewTask } from "../../shared/review/use-cases/review.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.number().check(z.int(), z.minimum(1)),
  taskToken: z.string().check(z.minLength(1)),
  executionArn: z.optional(z.string()),
});

const ports = {
  proposals: dynamoProposalStore,
  tasks: dynamoTaskStore,
  directory: dynamoDirectory,
  settings: dynamoReviewSettings,
  links: dynamoLinkStore,
  workflow: sfnWorkflow,
  mailer: sesMailer,
  urls: appLinks,
};

/** OpenReview: creates the review task (holding the token) and notifies the reviewing unit. */
export const { handler, lambdaHandler } = taskHandler(
  "OpenReviewTask",
  Payload,
  async (input, at) => {
    const task = await openReviewTask(ports, input, at);
    return { taskId: task.id, dueAt: task.dueAt };
  },
);
