import { ReviewUnitInput } from "../../shared/contract/operations-approver.ts";
import { setReviewUnit } from "../../shared/directory/use-cases/routing.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";

/** PUT /v1/units/{id}/review-unit (admin): which unit reviews this commune; the next task goes there. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const input = parseJson(ctx.event.body, ReviewUnitInput, ctx.event.isBase64Encoded);
  return json(200, await setReviewUnit(ctx.actor, ctx.tx, ctx.path("id"), input.reviewUnitId));
});
