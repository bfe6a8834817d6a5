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
import { escalateOverdueReview } from "../../shared/review/use-cases/review.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.number().check(z.int(), z.minimum(1)),
});

const ports = {
  proposals: dynamoProposalStore,
  tasks: dynamoTaskStore,
  directory: dynamoDirectory,
  settings: dynamoReviewSettings,
  links: dynamoLinkStore,
  mailer: sesMailer,
  urls: appLinks,
};

/**
 * ExpireReview: on the review's timeout the review is escalated (unit lead, then province) and
 * the workflow waits again; the proposal is never returned by a timer.
 */
export const { handler, lambdaHandler } = taskHandler("ExpireReviewTask", Payload, (input, at) =>
  escalateOverdueReview(ports, input, at),
);
