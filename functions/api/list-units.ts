import { authorize } from "../../shared/access/policy.ts";
import { listUnits } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** GET /v1/units: the units of the caller's province (communes with their reviewing unit). */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  authorize(ctx.actor, "units.read");
  return json(200, { units: await listUnits(ctx.actor.provinceId) });
});
