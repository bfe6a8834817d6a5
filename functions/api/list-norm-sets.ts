import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoNormSets } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { ListNormSets } from "../../shared/norms/routes.ts";
import { normSetsFor } from "../../shared/norms/use-cases/norms.ts";

const ports = { normSets: dynamoNormSets };

/** GET /v1/norm-sets: shipped and published norm sets with every item's cap and citation. */
export const { handler, lambdaHandler } = apiHandler(ListNormSets, async (ctx) =>
  json(200, { normSets: await normSetsFor(ports, ctx.actor) }),
);
