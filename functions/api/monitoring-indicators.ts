import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoIndicatorStore } from "../../shared/monitoring/adapters/dynamo-monitoring-stores.ts";
import { MEASURES } from "../../shared/monitoring/domain/measures.ts";
import { ListIndicators } from "../../shared/monitoring/routes.ts";
import { listIndicators } from "../../shared/monitoring/use-cases/indicators.ts";

/** GET /v1/monitoring/indicators: the catalogue in force and the measures formulas may read. */
export const { handler, lambdaHandler } = apiHandler(ListIndicators, async (ctx) =>
  json(200, {
    indicators: await listIndicators({ indicators: dynamoIndicatorStore }, ctx.actor),
    measures: MEASURES,
  }),
);
