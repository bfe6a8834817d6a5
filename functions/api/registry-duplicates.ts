import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { ListDuplicates } from "../../shared/registry/routes.ts";
import { duplicateQueue } from "../../shared/registry/use-cases/merge.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** GET /v1/registry/duplicates: the province's review queue. */
export const { handler, lambdaHandler } = apiHandler(ListDuplicates, async (ctx, { query }) =>
  json(200, await duplicateQueue(ports, ctx.actor, query.provinceId)),
);
