import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { ListBeneficiaries } from "../../shared/registry/routes.ts";
import { listBeneficiaries } from "../../shared/registry/use-cases/read.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** GET /v1/registry/beneficiaries: entries in the caller's scope, through an index. */
export const { handler, lambdaHandler } = apiHandler(ListBeneficiaries, async (ctx, { query }) =>
  json(200, await listBeneficiaries(ports, ctx.actor, query)),
);
