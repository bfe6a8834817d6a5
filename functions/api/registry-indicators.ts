import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { GetA1Indicators } from "../../shared/registry/routes.ts";
import { a1IndicatorsFor } from "../../shared/registry/use-cases/indicators.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** GET /v1/registry/indicators/a1: the three A1 indicators of a commune or a province. */
export const { handler, lambdaHandler } = apiHandler(GetA1Indicators, async (ctx, { query }) =>
  json(200, await a1IndicatorsFor(ports, ctx.actor, query)),
);
