import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { DismissDuplicate } from "../../shared/registry/routes.ts";
import { dismissDuplicate } from "../../shared/registry/use-cases/merge.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** POST /v1/registry/duplicates/{id}/dismiss: the province finds it is not a duplicate. */
export const { handler, lambdaHandler } = apiHandler(
  DismissDuplicate,
  async (ctx, { params, body }) =>
    json(200, await dismissDuplicate(ports, ctx.actor, ctx.tx, params.id, body.reason)),
);
