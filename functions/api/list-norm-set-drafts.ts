import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoNormSetDrafts } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { ListNormSetDrafts } from "../../shared/norms/routes.ts";
import { listNormSetDrafts } from "../../shared/norms/use-cases/publish-norm-set.ts";

const ports = { drafts: dynamoNormSetDrafts };

/** GET /v1/norm-sets/drafts: drafts awaiting (or given) their second approval. */
export const { handler, lambdaHandler } = apiHandler(ListNormSetDrafts, async (ctx) =>
  json(200, { drafts: await listNormSetDrafts(ports, ctx.actor) }),
);
