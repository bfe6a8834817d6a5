import { apiHandler, json } from "../../shared/http/handler.ts";
import { eventPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { CorrectProgrammeEvent } from "../../shared/monitoring/routes.ts";
import { correctProgrammeEvent } from "../../shared/monitoring/use-cases/events.ts";

/** PUT /v1/monitoring/events/{id}: corrects an event, with a reason. */
export const { handler, lambdaHandler } = apiHandler(
  CorrectProgrammeEvent,
  async (ctx, { params, body, ifMatch }) => {
    const e = await correctProgrammeEvent(eventPorts, ctx.actor, ctx.tx, params.id, body, ifMatch);
    return json(200, e, { etag: `"${e.version}"` });
  },
);
