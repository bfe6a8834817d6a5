import { authorize } from "../../shared/access/policy.ts";
import { doc } from "../../shared/aws/dynamo.ts";
import { config } from "../../shared/config.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { listNormSets } from "../../shared/norms/adapters/dynamo-norm-store.ts";

/** GET /v1/norm-sets: shipped and published norm sets with every item's cap and citation. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  authorize(ctx.actor, "norms.read");
  return json(200, { normSets: await listNormSets(doc, config.tableName) });
});
