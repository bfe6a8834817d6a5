import { SetReviewUnit } from "../../shared/directory/routes.ts";
import { setReviewUnit } from "../../shared/directory/use-cases/routing.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** PUT /v1/units/{id}/review-unit (admin): which unit reviews this commune; the next task goes there. */
export const { handler, lambdaHandler } = apiHandler(SetReviewUnit, async (ctx, { params, body }) =>
  json(200, await setReviewUnit(ctx.actor, ctx.tx, params.id, body.reviewUnitId)),
);
