import { ReviewUnitInput } from "../../shared/api/operations-approver.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { setReviewUnit } from "../../shared/use-cases/routing.ts";

/** PUT /v1/units/{id}/review-unit (admin): which unit reviews this commune; the next task goes there. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const input = parseJson(ctx.event.body, ReviewUnitInput, ctx.event.isBase64Encoded);
  return json(200, await setReviewUnit(ctx.actor, ctx.tx, ctx.path("id"), input.reviewUnitId));
});
