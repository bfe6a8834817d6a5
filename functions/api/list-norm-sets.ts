import { apiHandler, json } from "../../shared/http/handler.ts";
import { ListNormSets } from "../../shared/norms/routes.ts";
import { normSetsFor } from "../../shared/norms/use-cases/norms.ts";

/** GET /v1/norm-sets: shipped and published norm sets with every item's cap and citation. */
export const { handler, lambdaHandler } = apiHandler(ListNormSets, async (ctx) =>
  json(200, { normSets: await normSetsFor(ctx.actor) }),
);
