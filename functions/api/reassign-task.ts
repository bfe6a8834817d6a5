import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { appLinks } from "../../shared/notifications/adapters/app-links.ts";
import { sesMailer } from "../../shared/notifications/adapters/mailer.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoLinkStore } from "../../shared/review/adapters/dynamo-link-store.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { ReassignTask } from "../../shared/review/routes.ts";
import { reassignTask } from "../../shared/review/use-cases/task-assignment.ts";

const ports = {
  tasks: dynamoTaskStore,
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  links: dynamoLinkStore,
  settings: dynamoReviewSettings,
  mailer: sesMailer,
  urls: appLinks,
};

/** POST /v1/tasks/{id}/reassign: the unit lead gives the task to another approver; older email links stop working. */
export const { handler, lambdaHandler } = apiHandler(ReassignTask, async (ctx, { params, body }) =>
  json(200, await reassignTask(ports, ctx.actor, ctx.tx, params.id, body.assignee)),
);
