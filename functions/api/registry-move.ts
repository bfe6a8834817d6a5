import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { MoveBeneficiary } from "../../shared/registry/routes.ts";
import { moveBeneficiary } from "../../shared/registry/use-cases/move.ts";
import { entryView } from "../../shared/registry/views.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** POST /v1/registry/beneficiaries/{id}/move: the entry goes to another commune, with its history. */
export const { handler, lambdaHandler } = apiHandler(
  MoveBeneficiary,
  async (ctx, { params, body }) => {
    const b = await moveBeneficiary(ports, ctx.actor, ctx.tx, params.id, body);
    return json(200, entryView(b), { etag: `"${b.version}"` });
  },
);
