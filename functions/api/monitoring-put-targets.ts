import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import {
  dynamoIndicatorStore,
  dynamoTargetStore,
} from "../../shared/monitoring/adapters/dynamo-monitoring-stores.ts";
import { PutTargets } from "../../shared/monitoring/routes.ts";
import { setTargets } from "../../shared/monitoring/use-cases/targets.ts";

const ports = {
  directory: dynamoDirectory,
  targets: dynamoTargetStore,
  indicators: dynamoIndicatorStore,
};

/** PUT /v1/monitoring/targets/{placeId}/{year}: a place's targets for a year. */
export const { handler, lambdaHandler } = apiHandler(
  PutTargets,
  async (ctx, { params, body, ifMatch }) => {
    const t = await setTargets(
      ports,
      ctx.actor,
      ctx.tx,
      params.placeId,
      Number(params.year),
      body.targets,
      ifMatch,
    );
    return json(200, t, { etag: `"${t.version}"` });
  },
);
