import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoNormSets } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { PublishNormSet } from "../../shared/norms/routes.ts";
import { publishNormSetVersion } from "../../shared/norms/use-cases/publish-norm-set.ts";

const ports = { normSets: dynamoNormSets };

/** POST /v1/norm-sets: an admin publishes a norm set version (validated, versioned, audited). */
export const { handler, lambdaHandler } = apiHandler(PublishNormSet, async (ctx, { body }) => {
  const set = await publishNormSetVersion(ports, ctx.actor, ctx.tx, body);
  return json(201, set, { location: `/v1/norm-sets/${set.id}` });
});
