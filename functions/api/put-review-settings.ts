import { ReviewSettingsInput } from "../../shared/contract/operations-approver.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { updateReviewSettings } from "../../shared/review/use-cases/review-settings.ts";

/** PUT /v1/settings/review (admin): changes the review timetable; applies to the next task and sweep. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const input = parseJson(ctx.event.body, ReviewSettingsInput, ctx.event.isBase64Encoded);
  const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return json(200, await updateReviewSettings(ctx.actor, clean, ctx.tx.at));
});
