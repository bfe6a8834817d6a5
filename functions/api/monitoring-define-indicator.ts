import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoIndicatorStore } from "../../shared/monitoring/adapters/dynamo-monitoring-stores.ts";
import { DefineIndicator } from "../../shared/monitoring/routes.ts";
import { defineIndicator } from "../../shared/monitoring/use-cases/indicators.ts";

/** PUT /v1/monitoring/indicators/{code}: the central level defines a national indicator. */
export const { handler, lambdaHandler } = apiHandler(
  DefineIndicator,
  async (ctx, { params, body, ifMatch }) => {
    const d = await defineIndicator(
      { indicators: dynamoIndicatorStore },
      ctx.actor,
      ctx.tx,
      params.code,
      body,
      ifMatch,
    );
    return json(200, d, { etag: `"${d.version}"` });
  },
);
