import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { ListUnits } from "../../shared/directory/routes.ts";
import { unitsFor } from "../../shared/directory/use-cases/units.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = { directory: dynamoDirectory };

/** GET /v1/units: the units of the caller's province (communes with their reviewing unit). */
export const { handler, lambdaHandler } = apiHandler(ListUnits, async (ctx) =>
  json(200, { units: await unitsFor(ports, ctx.actor) }),
);
