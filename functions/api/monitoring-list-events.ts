import { apiHandler, json } from "../../shared/http/handler.ts";
import { eventPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { ListProgrammeEvents } from "../../shared/monitoring/routes.ts";
import { listProgrammeEvents } from "../../shared/monitoring/use-cases/events.ts";

/** GET /v1/monitoring/events: a unit's events of a year (a province's include its communes'). */
export const { handler, lambdaHandler } = apiHandler(ListProgrammeEvents, async (ctx, { query }) =>
  json(200, { events: await listProgrammeEvents(eventPorts, ctx.actor, query) }),
);
