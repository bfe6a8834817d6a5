import { apiHandler, json } from "../../shared/http/handler.ts";
import { PutReviewSettings } from "../../shared/review/routes.ts";
import { updateReviewSettings } from "../../shared/review/use-cases/review-settings.ts";

/** PUT /v1/settings/review (admin): changes the review timetable; applies to the next task and sweep. */
export const { handler, lambdaHandler } = apiHandler(PutReviewSettings, async (ctx, { body }) => {
  const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  return json(200, await updateReviewSettings(ctx.actor, clean, ctx.tx.at));
});
