import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { GetReviewSettings } from "../../shared/review/routes.ts";
import { reviewSettingsFor } from "../../shared/review/use-cases/review-settings.ts";

const ports = { settings: dynamoReviewSettings };

/** GET /v1/settings/review (admin): the SLA, reminder and escalation times, link expiry in force. */
export const { handler, lambdaHandler } = apiHandler(GetReviewSettings, async (ctx) =>
  json(200, await reviewSettingsFor(ports, ctx.actor)),
);
