import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { RecordGroupFigures } from "../../shared/registry/routes.ts";
import { recordGroupFigures } from "../../shared/registry/use-cases/members.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** POST /v1/registry/beneficiaries/{id}/figures: a meeting's or a month's figures (or a correction). */
export const { handler, lambdaHandler } = apiHandler(
  RecordGroupFigures,
  async (ctx, { params, body }) =>
    json(201, await recordGroupFigures(ports, ctx.actor, ctx.tx, params.id, body)),
);
