import { dynamoAuditLog } from "../../shared/audit/adapters/dynamo-audit-log.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { PutReviewSettings } from "../../shared/review/routes.ts";
import { updateReviewSettings } from "../../shared/review/use-cases/review-settings.ts";

const ports = { settings: dynamoReviewSettings, audit: dynamoAuditLog };

/** PUT /v1/settings/review (admin): changes the review timetable; applies to the next task and sweep. */
export const { handler, lambdaHandler } = apiHandler(PutReviewSettings, async (ctx, { body }) =>
  json(200, await updateReviewSettings(ports, ctx.actor, ctx.tx, body)),
);
