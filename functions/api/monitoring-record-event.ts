import { apiHandler, json } from "../../shared/http/handler.ts";
import { eventPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { RecordProgrammeEvent } from "../../shared/monitoring/routes.ts";
import { recordProgrammeEvent } from "../../shared/monitoring/use-cases/events.ts";

/** POST /v1/monitoring/events: a unit records a training, conference or communication event. */
export const { handler, lambdaHandler } = apiHandler(
  RecordProgrammeEvent,
  async (ctx, { body }) => {
    const e = await recordProgrammeEvent(eventPorts, ctx.actor, ctx.tx, body);
    return json(201, e, { location: `/v1/monitoring/events/${e.id}`, etag: `"${e.version}"` });
  },
);
