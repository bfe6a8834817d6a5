import { doc } from "../../shared/adapters/dynamo.ts";
import { listNormSets } from "../../shared/adapters/norm-store.ts";
import { config } from "../../shared/config.ts";
import { authorize } from "../../shared/domain/policy.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** GET /v1/norm-sets: shipped and published norm sets with every item's cap and citation. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  authorize(ctx.actor, "norms.read");
  return json(200, { normSets: await listNormSets(doc, config.tableName) });
});
