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
import { dynamoExecutionWatch } from "../../shared/workflow/adapters/dynamo-execution-watch.ts";
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";
import { sweep } from "../../shared/workflow/use-cases/sweep.ts";

const ports = {
  outbox: dynamoOutbox,
  watch: dynamoExecutionWatch,
  workflow: sfnWorkflow,
  proposals: dynamoProposalStore,
  tasks: dynamoTaskStore,
  directory: dynamoDirectory,
  settings: dynamoReviewSettings,
  links: dynamoLinkStore,
  mailer: sesMailer,
  urls: appLinks,
};

/** Scheduled every 5 minutes: outbox delivery, workflow repairs, reminders and escalations. */
export const { handler, lambdaHandler } = taskHandler("Sweep", z.unknown(), (_event, at) =>
  sweep(ports, at),
);
