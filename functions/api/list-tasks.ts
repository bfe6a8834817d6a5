import * as z from "zod";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseValue } from "../../shared/http/validate.ts";
import { listTasks } from "../../shared/use-cases/list-tasks.ts";

const Query = z.object({
  view: z.enum(["unit", "mine"]).default("unit"),
  status: z.enum(["OPEN", "DONE", "EXPIRED", "CANCELLED"]).optional(),
  unitId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});

/** GET /v1/tasks: review tasks of the caller's unit (or assigned to the caller), due first. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const q = parseValue(ctx.event.queryStringParameters ?? {}, Query, "query");
  return json(200, await listTasks(ctx.actor, q));
});
