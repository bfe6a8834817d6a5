import { dynamoAuditLog } from "../../shared/audit/adapters/dynamo-audit-log.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { SetReviewUnit } from "../../shared/directory/routes.ts";
import { setReviewUnit } from "../../shared/directory/use-cases/routing.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = { directory: dynamoDirectory, audit: dynamoAuditLog };

/** PUT /v1/units/{id}/review-unit (admin): which unit reviews this commune; the next task goes there. */
export const { handler, lambdaHandler } = apiHandler(SetReviewUnit, async (ctx, { params, body }) =>
  json(200, await setReviewUnit(ports, ctx.actor, ctx.tx, params.id, body.reviewUnitId)),
);
