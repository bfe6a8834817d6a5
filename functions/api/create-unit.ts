import { dynamoAuditLog } from "../../shared/audit/adapters/dynamo-audit-log.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoUnitStore } from "../../shared/directory/adapters/dynamo-user-store.ts";
import { CreateUnit } from "../../shared/directory/routes.ts";
import { createUnit } from "../../shared/directory/use-cases/manage-units.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = { units: dynamoUnitStore, directory: dynamoDirectory, audit: dynamoAuditLog };

/** POST /v1/units (admin): a reviewing unit or a commune of the admin's province. */
export const { handler, lambdaHandler } = apiHandler(CreateUnit, async (ctx, { body }) =>
  json(
    201,
    await createUnit(ports, ctx.actor, ctx.tx, {
      id: body.id,
      kind: body.kind,
      nameVi: body.nameVi,
      nameEn: body.nameEn ?? "",
      ...(body.reviewUnitId ? { reviewUnitId: body.reviewUnitId } : {}),
    }),
  ),
);
